// The watcher's check, purely: whether a re-apply would change the host firewall, and what the host blocks.
import { describe, expect, it } from "vitest";
import { configSchema, type HostFirewallMode } from "../config";
import { readFileSync } from "node:fs";
import path from "node:path";
import { openingText } from "./openings";
import { checkHost, planOpenings } from "./plan";
import { foreignRuleset, hostRuleset } from "./snapshot";
import { hostInput, loadFixture } from "./test-support";

const input = (hostFirewall: HostFirewallMode) =>
  hostInput(
    configSchema.parse({
      network: { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true, hostFirewall },
      passthrough: { l2tp: { enabled: true } },
    }),
    ["ipv4"],
  );

describe("checkHost", () => {
  it("open mode, openings missing: does not hold, names what a re-apply would add and what the host blocks now", () => {
    const check = checkHost(loadFixture("nftables-conf"), input("open"));
    expect(check.holds).toBe(false);
    expect(check.missing.map(openingText)).toEqual(['nft insert rule inet filter forward iifname "br-lan" oifname "wan0" udp dport 1701 accept comment "lintas: l2tp"']);
    expect(check.blocked).toEqual(["l2tp"]);
  });

  it("report mode: holds (a re-apply would change nothing), while the host still blocks", () => {
    const check = checkHost(loadFixture("nftables-conf"), input("report"));
    expect(check).toMatchObject({ holds: true, missing: [], leftover: [], blocked: ["l2tp"] });
  });

  it("a host that passes the traffic needs nothing", () => {
    expect(checkHost(loadFixture("fw4"), input("open"))).toMatchObject({ holds: true, missing: [], blocked: [] });
  });

  it("after the LAN is renamed, ufw's rule for the old name is planned out and one for the new name in", () => {
    const fixture = (file: string) => readFileSync(path.join(import.meta.dirname, "fixtures", "ufw", file), "utf8");
    const old = "-A ufw-user-forward -i br-old -o wan0 -p udp -m udp --dport 1701 -j ACCEPT\n";
    const ruleset = foreignRuleset(
      hostRuleset({
        nft: JSON.parse(fixture("ruleset.json")),
        iptablesSave: { ipv4: fixture("iptables-save").replace("\nCOMMIT\n", `\n${old}COMMIT\n`), ipv6: fixture("ip6tables-save") },
      }),
    );
    const { changes } = planOpenings(ruleset, input("open"));
    expect(changes.add.map(openingText)).toEqual(["ufw route allow in on br-lan out on wan0 proto udp to any port 1701 comment 'lintas: l2tp'"]);
    expect(changes.remove).toMatchObject([{ owner: "ufw", lan: "br-old", wan: "wan0", match: { l4proto: "udp", port: 1701 } }]);
  });
});
