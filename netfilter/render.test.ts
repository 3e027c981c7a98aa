// Golden tests: each representative config renders to the exact ruleset pinned in netfilter/golden/.
// A reviewer sees a renderer change as a diff of rules. Regenerate with UPDATE_GOLDEN=1 npm test.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Capabilities } from "./capabilities";
import { everything, noPptpHelper } from "./capabilities.fixture";
import { configSchema, type LintasConfig } from "./config";
import { iptablesRestore } from "./iptables";
import { nftReplaceBatch, nftText } from "./nft";
import { PROTOCOLS } from "./protocols";
import { render } from "./render";


const network = { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true };
// Protocols a case leaves out are off.
const config = (passthrough: unknown, net: unknown = network): LintasConfig =>
  configSchema.parse({ network: net, passthrough });
/** Every protocol and every sub-option of the catalogue on. */
const everySwitchOn = Object.fromEntries(
  PROTOCOLS.map((spec) => [spec.id, { enabled: true, ...Object.fromEntries(Object.keys(spec.options).map((option) => [option, true])) }]),
);

const cases: Record<string, { config: LintasConfig; capabilities?: Capabilities; iptables?: boolean }> = {
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
};

function golden(file: string, actual: string) {
  const full = path.join(import.meta.dirname, "golden", file);
  if (process.env.UPDATE_GOLDEN === "1" || (!existsSync(full) && !process.env.CI)) writeFileSync(full, actual);
  expect(actual).toBe(readFileSync(full, "utf8"));
}

describe("renderer golden files", () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`renders ${name}`, () => {
      const { ruleset } = render(c.config, c.capabilities ?? everything);
      golden(`${name}.nft`, nftText(ruleset));
      golden(`${name}.nft.json`, JSON.stringify(nftReplaceBatch(ruleset), null, 2) + "\n");
      if (c.iptables) {
        golden(`${name}.iptables`, iptablesRestore(ruleset, "ipv4"));
        golden(`${name}.ip6tables`, iptablesRestore(ruleset, "ipv6"));
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
    expect(ruleset.rules.every((r) => r.action.kind === "drop")).toBe(true);
    expect(nftText(ruleset)).not.toMatch(/ct state/);
    const gre = ruleset.rules.filter((r) => r.match.flow?.l4proto === "gre");
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
    expect(ruleset.rules.filter((r) => r.source.switch === "pptp").every((r) => r.action.kind === "drop")).toBe(true);
  });

  it("follows IPsec sub-options: NAT-T off drops UDP 4500 while IKE and ESP pass", () => {
    const { ruleset } = render(cases.mixed!.config, everything);
    const verdict = (port: number) => ruleset.rules.find((r) => r.match.flow && "port" in r.match.flow && r.match.flow.port === port)?.action.kind;
    expect(verdict(500)).toBe("accept");
    expect(verdict(4500)).toBe("drop");
    expect(ruleset.rules.find((r) => r.match.flow?.l4proto === "esp")?.action.kind).toBe("accept");
  });

  it("labels every rule with the switch that made it", () => {
    const { ruleset } = render(cases.mixed!.config, everything);
    for (const rule of ruleset.rules) expect(rule.comment.startsWith(`${rule.source.switch}=${rule.source.state}: `)).toBe(true);
  });
});
