// Rules held to a deadline against the real kernel, in throwaway namespaces, with Lintas in UTC and in
// Asia/Jakarta (UTC+7): nft lists a `meta time` as a local date, so a zone mix-up would move the deadline by hours.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { iptablesBackend } from "./backends/iptables";
import { nftablesBackend } from "./backends/nftables";
import { probeCapabilities } from "./capabilities";
import { configSchema } from "./config";
import { nftText } from "./nft";
import { render } from "./render";
import { compareWithKernel } from "./status";
import { createNetns, requireRoot, rootFirewall, type TestNetns } from "../lab/testing/netns";

requireRoot();
const network = { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true };
const AT = "2036-01-01T00:00:00.000Z";
const timed = configSchema.parse({ network, passthrough: { pptp: { enabled: true, expiry: { at: AT, seconds: 3600 } } } });

let rootBefore: string;
beforeAll(() => void (rootBefore = rootFirewall()));
afterAll(() => expect(rootFirewall()).toBe(rootBefore));
let ns: TestNetns | undefined;
const zone = process.env.TZ;
afterEach(() => {
  ns?.remove();
  ns = undefined;
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe.each([["UTC"], ["Asia/Jakarta"]])("a deadline in the kernel, Lintas in %s", (tz) => {
  it.each([["nftables"], ["iptables"]] as const)("%s: the kernel holds the instant, and the read-back is active before it, expired after it, in sync", async (name) => {
    process.env.TZ = tz;
    ns = createNetns(`kx${name.slice(0, 3)}${tz.length}`, { lan: ["br-lan"], wan: "wan0" });
    const capabilities = await probeCapabilities(ns.runner);
    expect(capabilities.deadline).toEqual({ available: true });
    const backend = name === "nftables" ? nftablesBackend(ns.runner) : iptablesBackend(ns.runner);
    await backend.apply(render(timed, capabilities).ruleset);
    // The same instant, whoever lists it: in UTC, and as an admin in Jakarta reads it (07:00 local).
    if (name === "nftables") {
      expect(ns.sh("TZ=UTC0 nft list table inet lintas")).toBe(nftText(render(timed, capabilities).ruleset));
      expect(ns.sh("TZ=UTC0 nft list chain inet lintas forward")).toMatch(/meta time < "2036-01-01 00:00:00"[^]*meta time >= "2036-01-01 00:00:00"/);
      expect(ns.sh("TZ=Asia/Jakarta nft list chain inet lintas forward")).toContain('meta time < "2036-01-01 07:00:00"');
    } else expect(ns.sh("TZ=Asia/Jakarta iptables-save -t filter")).toMatch(/--datestop 2035-12-31T23:59:59[^]*--datestart 2036-01-01T00:00:00/);
    const snapshot = await backend.read();
    const before = compareWithKernel(timed, capabilities, backend, snapshot, undefined, Date.parse(AT) - 1);
    expect(before.inSync).toBe(true);
    expect(before.protocols.find((p) => p.id === "pptp")).toMatchObject({ actual: "active", flows: { control: "pass", gre: "pass" } });
    const after = compareWithKernel(timed, capabilities, backend, snapshot, undefined, Date.parse(AT));
    expect(after.inSync).toBe(true);
    expect(after.protocols.find((p) => p.id === "pptp")).toMatchObject({ actual: "blocked", expired: true });
  });
});
