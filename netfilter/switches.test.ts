// The switches and the config diff derived from the catalogue: the words the CLI takes and the audit shows.
import { describe, expect, it } from "vitest";
import { DEFAULT_PASSTHROUGH, passthroughSchema, type Network, type Passthrough } from "./config";
import { PROTOCOL_IDS } from "./protocols";
import { changesFrom, configDiff, findSwitch, narrowedProtocols, passthroughDiff, SWITCHES, withSwitch } from "./switches";

const ipsecOn: Passthrough = passthroughSchema.parse({ ipsec: { enabled: true } });
const network: Network = { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true, hostFirewall: "open" };

describe("switches", () => {
  it("are each protocol followed by its sub-options, named by the catalogue", () => {
    const keys = SWITCHES.map((s) => s.key);
    expect(keys.filter((key) => !key.includes("."))).toEqual(PROTOCOL_IDS);
    const ipsec = keys.indexOf("ipsec");
    expect(keys.slice(ipsec, ipsec + 4)).toEqual(["ipsec", "ipsec.natT", "ipsec.esp", "ipsec.ah"]);
    expect(SWITCHES.slice(ipsec, ipsec + 4).map((s) => s.title)).toEqual(["IPsec", "IPsec NAT-T", "IPsec ESP", "IPsec AH"]);
  });

  it("are found by key, ignoring case, and not found under another protocol", () => {
    expect(findSwitch("ipsec.natt")).toMatchObject({ key: "ipsec.natT", protocol: "ipsec", field: "natT" });
    expect(findSwitch("PPTP")).toMatchObject({ protocol: "pptp", field: "enabled" });
    expect(findSwitch("l2tp.natT")).toBeUndefined();
  });
});

describe("config diff", () => {
  it("lists only the changed keys, sub-options included", () => {
    const after = { ...ipsecOn, ipsec: { ...ipsecOn.ipsec, esp: false } };
    expect(passthroughDiff(ipsecOn, after)).toEqual([{ key: "ipsec.esp", before: true, after: false }]);
    expect(passthroughDiff(ipsecOn, ipsecOn)).toEqual([]);
  });

  it("names network fields and works from a config without a network yet", () => {
    const after = { network, passthrough: DEFAULT_PASSTHROUGH };
    expect(configDiff({ passthrough: DEFAULT_PASSTHROUGH }, after)).toEqual([
      { key: "network.lanInterfaces", before: undefined, after: ["br-lan"] },
      { key: "network.wanInterface", before: undefined, after: "wan0" },
      { key: "network.masquerade", before: undefined, after: true },
      { key: "network.hostFirewall", before: undefined, after: "open" },
    ]);
    const moved = { network: { ...network, lanInterfaces: ["br-lan", "lan1"] }, passthrough: ipsecOn };
    expect(configDiff(after, moved)).toEqual([
      { key: "network.lanInterfaces", before: ["br-lan"], after: ["br-lan", "lan1"] },
      { key: "ipsec", before: false, after: true },
    ]);
  });

  it("names the protocols a change takes traffic from, a sub-option or a scope being enough, in catalogue order", () => {
    const widened = passthroughSchema.parse({ l2tp: { enabled: true }, ipsec: { enabled: true, ah: true } });
    expect(narrowedProtocols(widened, ipsecOn)).toEqual(["ipsec", "l2tp"]);
    expect(narrowedProtocols(ipsecOn, passthroughSchema.parse({ ipsec: { enabled: true, esp: false } }))).toEqual(["ipsec"]);
    const scoped = passthroughSchema.parse({ ipsec: { enabled: true, scope: { lan: ["192.168.1.23"], servers: [] } } });
    expect(narrowedProtocols(ipsecOn, scoped)).toEqual(["ipsec"]);
    expect(narrowedProtocols(scoped, ipsecOn)).toEqual(["ipsec"]);
    expect(narrowedProtocols(ipsecOn, ipsecOn)).toEqual([]);
  });

  it("takes traffic from none when something turns on: what was blocked has no open flow", () => {
    expect(narrowedProtocols(ipsecOn, passthroughSchema.parse({ l2tp: { enabled: true }, ipsec: { enabled: true, ah: true } }))).toEqual([]);
    expect(narrowedProtocols(DEFAULT_PASSTHROUGH, passthroughSchema.parse({ ipsec: { enabled: true, scope: { lan: ["192.168.1.23"], servers: [] } } }))).toEqual([]);
  });

  it("names a protocol whose scope changed (the apply cuts its flows too), an emptied scope included", () => {
    const scoped = passthroughSchema.parse({ pptp: { enabled: true, scope: { lan: ["laptop"] } } });
    const open = passthroughSchema.parse({ pptp: { enabled: true } });
    expect(narrowedProtocols(open, scoped)).toEqual(["pptp"]);
    expect(narrowedProtocols(scoped, open)).toEqual(["pptp"]);
  });

  it("turns back into the change set that makes it", () => {
    const after = passthroughSchema.parse({ pptp: { enabled: true }, ipsec: { enabled: true, natT: false, ah: true } });
    expect(changesFrom(passthroughDiff(ipsecOn, after))).toEqual({ pptp: { enabled: true }, ipsec: { natT: false, ah: true } });
  });

  it("withSwitch sets one switch in a copy, keeping the protocol's other settings and scope", () => {
    const scoped = passthroughSchema.parse({ ipsec: { enabled: true, scope: { lan: ["192.168.1.23"], servers: [] } } });
    const next = withSwitch(scoped, findSwitch("ipsec.ah")!, true);
    expect(passthroughDiff(scoped, next)).toEqual([{ key: "ipsec.ah", before: false, after: true }]);
    expect(next.ipsec.scope).toEqual(scoped.ipsec.scope);
    expect(scoped.ipsec.ah).toBe(false);
  });
});
