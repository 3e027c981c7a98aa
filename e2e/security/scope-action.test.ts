// The VPN page's Save & apply and the Monitor's "Allow this device" called directly, as a forged request does, with
// a scope the page would never send: the server checks the entries again (the same schema as the page and the
// CLI) and refuses in words that name the entry; nothing is changed or applied. Without a session or from another
// origin, "Allow this device" changes nothing either.
import { afterAll, beforeAll, expect, test } from "vitest";
import { callAction } from "./actions";
import { startPanel, type Panel } from "./panel";
import { signIn } from "./sign-in";

let panel: Panel;
beforeAll(async () => {
  panel = await startPanel();
});
afterAll(() => panel?.stop());

const apply = (cookie: string, changes: unknown) =>
  callAction(panel.url, { page: "/vpn", file: "app/(panel)/vpn/actions.ts", action: "applyAction", args: [{ changes, cutConfirmed: true }], cookie });

test("a bad scope entry sent straight to Save & apply is refused by name, and nothing changes", async () => {
  const session = await signIn(panel);
  const before = panel.cli(["passthrough", "scope"]).out;

  const bad = await apply(session, { pptp: { enabled: true, scope: { lan: ["192.168.1.23", "192.168.1.300"] } } });
  expect(bad.value).toEqual({
    ok: false,
    error: 'PPTP allowed LAN sources: "192.168.1.300" is not an IP address, a CIDR block, a MAC address or a device name',
    fieldErrors: { "pptp.scope.lan": 'PPTP allowed LAN sources: "192.168.1.300" is not an IP address, a CIDR block, a MAC address or a device name' },
  });
  const unknownList = await apply(session, { pptp: { scope: { lan: [], everyone: ["0.0.0.0/0"] } } });
  expect(unknownList.value).toMatchObject({ ok: false, error: expect.stringMatching(/pptp\.scope/) });

  expect(panel.cli(["passthrough", "scope"]).out).toBe(before);
  expect(panel.audit("config.change")).toEqual([]);
});

const allow = (cookie: string | undefined, input: unknown, origin?: string | null) =>
  callAction(panel.url, { page: "/monitor", file: "app/(panel)/monitor/actions.ts", action: "allowDeviceAction", args: [input], cookie, origin });

test("'Allow this device' sent straight: no session, another origin, a bad device or an unknown protocol change nothing", async () => {
  const session = await signIn(panel);
  const before = panel.cli(["passthrough", "scope"]).out;
  const good = { protocol: "pptp", device: "192.168.1.23", server: "198.51.100.7" };

  expect((await allow(undefined, good)).value).toMatchObject({ ok: false, signedOut: true });
  // Next refuses an action from another origin before ours runs (it throws); ours would refuse it too.
  expect((await allow(session, good, "https://router.example.net")).value).not.toHaveProperty("ok", true);
  expect((await allow(session, { ...good, device: "192.168.1.300" })).value).toMatchObject({
    ok: false,
    error: 'PPTP allowed LAN sources: "192.168.1.300" is not an IP address, a CIDR block, a MAC address or a device name',
  });
  expect((await allow(session, { ...good, protocol: "wireguard" })).value).toMatchObject({ ok: false });
  expect((await allow(session, { ...good, admin: true })).value).toMatchObject({ ok: false });

  expect(panel.cli(["passthrough", "scope"]).out).toBe(before);
  expect(panel.audit("config.change")).toEqual([]);
});
