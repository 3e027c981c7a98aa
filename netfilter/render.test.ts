// Golden tests: each representative config renders to the exact ruleset pinned in netfilter/golden/.
// A reviewer sees a renderer change as a diff of rules. Regenerate with UPDATE_GOLDEN=1 npm test.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Capabilities } from "./capabilities";
import { everything, noPptpHelper } from "./capabilities.fixture";
import { configSchema, type LintasConfig } from "./config";
import { iptablesRestore } from "./iptables";
import { ipsetFill } from "./ipset";
import { attemptIpsetsCreate } from "./ipset-attempts";
import { nftReplaceBatch, nftText } from "./nft";
import { OTHER_VPNS } from "./other-vpn-list";
import { PROTOCOLS } from "./protocols";
import { render } from "./render";
import { NO_NAMES, type ScopeNames } from "./scope";

const network = { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true };
// Protocols a case leaves out are off.
const config = (passthrough: unknown, net: unknown = network): LintasConfig =>
  configSchema.parse({ network: net, passthrough });
/** Every protocol and every sub-option of the catalogue on. */
const everySwitchOn = Object.fromEntries(
  PROTOCOLS.map((spec) => [spec.id, { enabled: true, ...Object.fromEntries(Object.keys(spec.options).map((option) => [option, true])) }]),
);

// What the scoped case's names resolved to: a DHCP lease with an IPv6 neighbour, a host name with both families.
const scopeNames: ScopeNames = {
  devices: { laptop: ["192.168.1.50", "2001:db8:1::50"], "02:00:00:00:00:07": ["192.168.1.7"] },
  hosts: { "vpn.example.net": ["203.0.113.9", "2001:db8:113::9"] },
};

const cases: Record<string, { config: LintasConfig; capabilities?: Capabilities; names?: ScopeNames; iptables?: boolean }> = {
  "all-on": {
    config: config(everySwitchOn),
    iptables: true,
  },
  "all-off": {
    config: config({}, { ...network, masquerade: false }),
  },
  mixed: {
    config: config(
      { pptp: { enabled: true }, ipsec: { enabled: true, natT: false }, l2tp: { enabled: false } },
      { lanInterfaces: ["lan1", "br-lan"], wanInterface: "ppp0", masquerade: true },
    ),
    iptables: true,
  },
  "pptp-helper-missing": {
    config: config({ pptp: { enabled: true }, ipsec: { enabled: false }, l2tp: { enabled: true } }),
    capabilities: noPptpHelper,
  },
  // PPTP limited to some LAN devices and servers, IPsec to servers only (NAT-T off: that flow stays dropped),
  // L2TP's scope kept while it is off (nothing of it rendered).
  scoped: {
    config: config({
      pptp: { enabled: true, scope: { lan: ["192.168.1.23", "laptop", "192.168.1.0/30", "02:00:00:00:00:07"], servers: ["198.51.100.0/24", "vpn.example.net"] } },
      ipsec: { enabled: true, natT: false, scope: { servers: ["198.51.100.7", "2001:db8:113::/48", "198.51.100.8"] } },
      l2tp: { enabled: false, scope: { lan: ["192.168.1.99"] } },
    }),
    names: scopeNames,
    iptables: true,
  },
  // PPTP on until a fixed instant; IPsec scoped to a server, NAT-T off, until another: their pass rules hold until
  // the deadline and the off rules follow. L2TP on with no deadline is rendered as always.
  expiry: {
    config: config({
      pptp: { enabled: true, expiry: { at: "2026-11-27T16:00:00.000Z", seconds: 28800 } },
      ipsec: { enabled: true, natT: false, scope: { servers: ["198.51.100.7"] }, expiry: { at: "2026-11-28T07:30:45.600Z", seconds: 86400 } },
      l2tp: { enabled: true },
    }),
    iptables: true,
  },
};

function golden(file: string, actual: string) {
  const full = path.join(import.meta.dirname, "golden", file);
  if (process.env.UPDATE_GOLDEN === "1" || (!existsSync(full) && !process.env.CI)) writeFileSync(full, actual);
  expect(actual).toBe(readFileSync(full, "utf8"));
}

describe("renderer golden files", () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`renders ${name}`, () => {
      const { ruleset } = render(c.config, c.capabilities ?? everything, c.names ?? NO_NAMES);
      golden(`${name}.nft`, nftText(ruleset));
      golden(`${name}.nft.json`, JSON.stringify(nftReplaceBatch(ruleset), null, 2) + "\n");
      if (c.iptables) {
        golden(`${name}.iptables`, iptablesRestore(ruleset, "ipv4"));
        golden(`${name}.ip6tables`, iptablesRestore(ruleset, "ipv6"));
        const ipsets = [ruleset.attempts && attemptIpsetsCreate(ruleset.attempts), ruleset.sets && ipsetFill(ruleset.sets)];
        if (ruleset.attempts || ruleset.sets) golden(`${name}.ipset`, ipsets.filter(Boolean).join(""));
      }
    });
  }
});

describe("renderer semantics", () => {
  it("assigns the pptp helper at priority filter, never raw, on TCP 1723 from LAN and from the router", () => {
    const { ruleset } = render(cases["all-on"]!.config, everything);
    const helperRules = ruleset.rules.filter((r) => r.action.kind === "helper");
    expect(helperRules.map((r) => r.chain)).toEqual(["prerouting", "output"]);
    expect(nftText(ruleset)).toContain("type filter hook prerouting priority filter;");
    expect(nftText(ruleset)).not.toContain("priority raw");
    expect(ruleset.helpers).toEqual([{ name: "pptp", l4proto: "tcp", port: 1723, l3proto: "ip" }]);
  });

  it("drops every packet of an off protocol in both directions, not only new flows", () => {
    const { ruleset } = render(cases["all-off"]!.config, everything);
    // Tracking attempts and marking the other VPNs' connections give no verdict.
    const verdicts = ruleset.rules.filter((r) => r.action.kind !== "track" && r.action.kind !== "mark");
    expect(verdicts.every((r) => r.action.kind === "drop")).toBe(true);
    // Only the counting of attempts looks at new connections; the drops match every packet.
    expect(nftText({ ...ruleset, rules: verdicts })).not.toMatch(/ct state/);
    const gre = verdicts.filter((r) => r.match.flow?.l4proto === "gre");
    expect(gre.map((r) => [r.match.iifnames, r.match.oifnames])).toEqual([
      [["br-lan"], ["wan0"]],
      [["wan0"], ["br-lan"]],
    ]);
  });

  it("reports a protocol whose helper is missing as unavailable and blocks it, never silently on", () => {
    const { ruleset, effects } = render(cases["pptp-helper-missing"]!.config, noPptpHelper);
    expect(effects.pptp).toEqual({ state: "unavailable", reason: "this kernel has no pptp conntrack helper" });
    expect(effects.l2tp).toEqual({ state: "active" });
    expect(ruleset.helpers).toEqual([]);
    expect(ruleset.rules.filter((r) => r.source.switch === "pptp").every((r) => ["drop", "track"].includes(r.action.kind))).toBe(true);
  });

  it("follows IPsec sub-options: NAT-T off drops UDP 4500 while IKE and ESP pass", () => {
    const { ruleset } = render(cases.mixed!.config, everything);
    const verdicts = ruleset.rules.filter((r) => r.action.kind !== "track");
    const verdict = (port: number) => verdicts.find((r) => r.match.flow && "port" in r.match.flow && r.match.flow.port === port)?.action.kind;
    expect(verdict(500)).toBe("accept");
    expect(verdict(4500)).toBe("drop");
    expect(verdicts.find((r) => r.match.flow?.l4proto === "esp")?.action.kind).toBe("accept");
  });

  it("counts who tried before each LAN->WAN drop (off, a sub-option off, outside a scope), per family, never the replies", () => {
    const { ruleset } = render(cases.scoped!.config, everything);
    const tracked = ruleset.rules.flatMap((r, i) => (r.action.kind === "track" ? [[r, ruleset.rules.slice(i).find((next) => next.action.kind !== "track")!] as const] : []));
    expect(tracked.length).toBeGreaterThan(0);
    for (const [track, drop] of tracked) {
      expect(drop.action.kind).toBe("drop");
      expect(track.match.portSide).toBe("dport");
      expect({ ...track.match, addresses: undefined }).toEqual({ ...drop.match, addresses: undefined });
    }
    expect(tracked.map(([t]) => t.action.kind === "track" && t.action.set)).toContain("pptp_blocked_v6");
    expect(ruleset.attempts?.map((a) => a.name)).toEqual(["pptp_blocked_v4", "pptp_blocked_v6", "ipsec_blocked_v4", "ipsec_blocked_v6", "l2tp_blocked_v4", "l2tp_blocked_v6"]);
  });

  it("marks the connection of every flow it passes, and of WireGuard and OpenVPN, with the one VPN bit", () => {
    const { ruleset } = render(cases.scoped!.config, everything);
    const accepts = ruleset.rules.filter((r) => r.action.kind === "accept");
    expect(accepts.length).toBeGreaterThan(0);
    expect(accepts.every((r) => r.action.kind === "accept" && r.action.mark)).toBe(true);
    const marks = ruleset.rules.filter((r) => r.action.kind === "mark");
    expect(marks.map((r) => r.match.flow)).toEqual(OTHER_VPNS.map((vpn) => vpn.match));
    expect(nftText(ruleset)).toContain(`ct mark set ct mark | 0x01000000 comment "monitor=on: WireGuard UDP 51820 LAN->WAN mark"`);
    expect(iptablesRestore(ruleset, "ipv4")).toContain("-m comment --comment \"monitor=on: OpenVPN TCP 1194 LAN->WAN mark\" -j CONNMARK --set-xmark 0x1000000/0x1000000");
  });

  it("labels every rule with the switch that made it", () => {
    const { ruleset } = render(cases.mixed!.config, everything);
    for (const rule of ruleset.rules) expect(rule.comment.startsWith(`${rule.source.switch}=${rule.source.state}: `)).toBe(true);
  });

  it("keeps one set per list and family and the same rules whatever a scope's length", () => {
    const many = Array.from({ length: 1000 }, (_, i) => `10.${i >> 8}.${i & 255}.1`);
    const rulesetOf = (lan: string[]) => render(config({ pptp: { enabled: true, scope: { lan } } }), everything).ruleset;
    const [one, thousand] = [rulesetOf(["10.0.0.1"]), rulesetOf(many)];
    expect(thousand.rules).toEqual(one.rules);
    expect(thousand.sets!.map((set) => [set.name, set.elements.length])).toEqual([["pptp_lan_v4", 1000], ["pptp_lan_v6", 0]]);
  });

  it("merges what overlaps or touches, so the kernel's interval set takes the list as it is", () => {
    const { ruleset } = render(config({ l2tp: { enabled: true, scope: { servers: ["198.51.100.0/25", "198.51.100.128/25", "198.51.100.7", "203.0.113.1", "203.0.113.2", "2001:db8::/32", "2001:db8:1::1"] } } }), everything);
    expect(ruleset.sets!.map((set) => set.elements)).toEqual([["198.51.100.0/24", "203.0.113.1-203.0.113.2"], ["2001:db8::/32"]]);
  });

  it("lets nobody through for a name that resolved to nothing: an empty set, never everyone", () => {
    const { ruleset } = render(config({ pptp: { enabled: true, scope: { lan: ["laptop"] } } }), everything, NO_NAMES);
    expect(ruleset.sets!.every((set) => set.elements.length === 0)).toBe(true);
    expect(ruleset.rules.filter((r) => r.action.kind === "drop" && r.action.counter === "pptp_outside_scope")).toHaveLength(4);
  });

  it("renders an unscoped protocol exactly as before scopes existed", () => {
    const { ruleset } = render(config({ pptp: { enabled: true, scope: { lan: [], servers: [] } } }), everything);
    expect(ruleset).toEqual(render(config({ pptp: { enabled: true } }), everything).ruleset);
  });
});
