// Golden tests: real host rulesets (fixtures/, see its README) read, their forward chains named by owner, every
// protocol judged, and the openings Lintas would add, pinned in golden/. Regenerate with UPDATE_GOLDEN=1.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROTOCOL_IDS } from "../protocols";
import { describeHost, loadFixture, everyProtocolOn, NETWORK } from "./test-support";

const CASES = ["docker", "iptables-drop", "ufw", "firewalld", "firewalld-opened", "nftables-conf", "fw4", "fw4-closed"];

function golden(name: string, actual: string) {
  const file = path.join(import.meta.dirname, "golden", `${name}.txt`);
  if (process.env.UPDATE_GOLDEN === "1" || (!existsSync(file) && !process.env.CI)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

describe("host firewall goldens", () => {
  for (const name of CASES) {
    it(name, () => golden(name, describeHost(loadFixture(name), NETWORK, everyProtocolOn)));
  }
});

describe("what the goldens mean", () => {
  it("a Debian nftables.conf blocks every protocol's first packet by its forward policy, and passes replies", () => {
    const text = describeHost(loadFixture("nftables-conf"), NETWORK, everyProtocolOn);
    for (const id of PROTOCOL_IDS) {
      expect(text).toContain(`${id}: blocked by inet filter chain forward (policy drop)`);
    }
    expect(text).toContain('nft insert rule inet filter forward iifname "br-lan" oifname "wan0" udp dport 500 accept comment "lintas: ipsec"');
    // Its established rule passes the replies: no reply opening is needed.
    expect(text).not.toContain('iifname "wan0" oifname "br-lan"');
  });

  it("Docker blocks by FORWARD's policy and is opened in DOCKER-USER, both ways, IPv4 only", () => {
    const text = describeHost(loadFixture("docker"), NETWORK, everyProtocolOn);
    expect(text).toContain("ip filter FORWARD priority 0 policy drop: docker");
    expect(text).toContain("pptp: blocked by ip filter chain FORWARD (policy drop)");
    expect(text).toContain('iptables -t filter -I DOCKER-USER -i br-lan -o wan0 -p gre -m comment --comment "lintas: pptp" -j ACCEPT');
    expect(text).toContain('iptables -t filter -I DOCKER-USER -i wan0 -o br-lan -p tcp -m tcp --sport 1723 -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "lintas: pptp" -j ACCEPT');
    expect(text).not.toContain("ip6tables");
  });

  it("ufw is opened with route rules for new flows only, its own rule passes the replies", () => {
    const text = describeHost(loadFixture("ufw"), NETWORK, everyProtocolOn);
    expect(text).toContain("l2tp: blocked by ip filter chain FORWARD (policy drop)");
    expect(text).toContain("ufw route allow in on br-lan out on wan0 proto udp to any port 1701 comment 'lintas: l2tp'");
    expect(text).not.toMatch(/ufw route allow in on wan0/);
  });

  it("firewalld rejects between zones, and its lintas policy opens exactly the ports it lists", () => {
    const closed = describeHost(loadFixture("firewalld"), NETWORK, everyProtocolOn);
    expect(closed).toContain('ipsec: blocked by inet firewalld chain filter_FWD_internal (rule "reject with icmpx admin-prohibited")');
    expect(closed).toContain("firewalld policy lintas-ipsec: internal -> external allow 4500/udp 500/udp ah esp");
    const opened = describeHost(loadFixture("firewalld-opened"), NETWORK, { ...everyProtocolOn, ipsec: { enabled: true, natT: true, esp: true, ah: false } });
    expect(opened).toContain("ipsec: passes");
    expect(opened).toContain("present:\n  firewalld policy lintas-ipsec");
  });

  it("fw4 passes LAN->WAN as OpenWrt ships it, and is opened at the top of its forward chain when closed", () => {
    expect(describeHost(loadFixture("fw4"), NETWORK, everyProtocolOn)).toContain("ipsec: passes");
    const closed = describeHost(loadFixture("fw4-closed"), NETWORK, everyProtocolOn);
    expect(closed).toContain('l2tp: blocked by inet fw4 chain handle_reject (rule "reject with icmpx port-unreachable")');
    expect(closed).toContain('nft insert rule inet fw4 forward iifname "br-lan" oifname "wan0" udp dport 1701 accept comment "lintas: l2tp"');
  });
});
