// The VPN page's Save & apply called directly, as a forged request does, with a scope the page would never send:
// the server checks the entries again (the same schema as the page and the CLI) and refuses in words that name
// the entry; nothing is changed or applied.
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
