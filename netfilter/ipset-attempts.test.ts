import { describe, expect, it } from "vitest";
import { attemptSets, trackRules } from "./attempts";
import { ruleLines } from "./iptables";
import { attemptIpsetsCreate, parseIpsetAttempts } from "./ipset-attempts";
import type { Rule } from "./model";

// What `ipset save` prints for each attempt set (ipset 7.17), one after the other (saveIpsets drops the prompts).
const saved = [
  "create lintas_pptp_blocked_v4 hash:ip,port,ip family inet hashsize 1024 maxelem 65535 timeout 86400 bucketsize 12 initval 0x404af95f",
  "add lintas_pptp_blocked_v4 192.168.1.20,tcp:1723,198.51.100.7 timeout 86280",
  "add lintas_pptp_blocked_v4 192.168.1.20,gre:0,198.51.100.7 timeout 86390",
  "add lintas_pptp_blocked_v4 192.168.1.21,tcp:1723,198.51.100.7 timeout 80000",
  "create lintas_pptp_blocked_v4_count hash:ip,port,ip family inet hashsize 1024 maxelem 65535 timeout 604800 counters bucketsize 12 initval 0x5d145c9d",
  "add lintas_pptp_blocked_v4_count 192.168.1.20,tcp:1723,198.51.100.7 timeout 600000 packets 12 bytes 720",
  "add lintas_pptp_blocked_v4_count 192.168.1.20,gre:0,198.51.100.7 timeout 604000 packets 3 bytes 180",
  // A pair that has not tried for over a day: its old count waits for its next attempt, which deletes it.
  "add lintas_pptp_blocked_v4_count 192.168.1.99,tcp:1723,198.51.100.7 timeout 300000 packets 40 bytes 2400",
  "create lintas_ipsec_blocked_v6 hash:ip,port,ip family inet6 hashsize 1024 maxelem 65535 timeout 86400 bucketsize 12 initval 0x1",
  "add lintas_ipsec_blocked_v6 2001:db8:50::11,udp:500,2001:db8:113::2 timeout 86395",
  "create lintas_ipsec_blocked_v6_count hash:ip,port,ip family inet6 hashsize 1024 maxelem 65535 timeout 604800 counters bucketsize 12 initval 0x2",
  "add lintas_ipsec_blocked_v6_count 2001:db8:50::11,udp:500,2001:db8:113::2 timeout 604795 packets 2 bytes 200",
  "create lintas_pptp_lan_v4 hash:net family inet hashsize 1024 maxelem 1048576 bucketsize 12 initval 0x3",
  "add lintas_pptp_lan_v4 192.168.1.0/24",
  "",
].join("\n");

describe("blocked attempts in ipsets (iptables backend)", () => {
  it("reads each pair's count (its flows added up) and its last attempt, most recent first, other sets and stale counts ignored", () => {
    expect(parseIpsetAttempts(saved)).toEqual([
      { protocol: "ipsec", client: "2001:db8:50::11", server: "2001:db8:113::2", count: 2, lastSeconds: 5 },
      { protocol: "pptp", client: "192.168.1.20", server: "198.51.100.7", count: 15, lastSeconds: 10 },
      // Its count was not kept (the count set was full): the one attempt the recent set shows.
      { protocol: "pptp", client: "192.168.1.21", server: "198.51.100.7", count: 1, lastSeconds: 6400 },
    ]);
  });

  it("creates a recent set (timeout restarted by each attempt) and a count set per attempt set, both kept when they exist", () => {
    expect(attemptIpsetsCreate(attemptSets("l2tp"))).toBe(
      "create lintas_l2tp_blocked_v4 hash:ip,port,ip family inet maxelem 1024 timeout 86400\n" +
        "create lintas_l2tp_blocked_v4_count hash:ip,port,ip family inet maxelem 1024 counters timeout 604800\n" +
        "create lintas_l2tp_blocked_v6 hash:ip,port,ip family inet6 maxelem 1024 timeout 86400\n" +
        "create lintas_l2tp_blocked_v6_count hash:ip,port,ip family inet6 maxelem 1024 counters timeout 604800\n",
    );
  });

  it("renders a tracking rule as four lines for new connections: forget a count older than a day, count, add, restart the timeout", () => {
    const drop: Rule = {
      chain: "forward",
      match: { iifnames: ["br-lan"], oifnames: ["wan0"], flow: { l4proto: "tcp", port: 1723 }, portSide: "dport" },
      action: { kind: "drop" },
      source: { switch: "pptp", state: "off" },
      comment: "pptp=off: TCP 1723 (control) LAN->WAN drop",
    };
    const [v4, v6] = trackRules("pptp", drop);
    const head = "-A LINTAS_FORWARD -i br-lan -o wan0 -p tcp -m tcp --dport 1723 -m conntrack --ctstate NEW";
    const comment = '-m comment --comment "pptp=off: TCP 1723 (control) LAN->WAN drop: attempt counted (IPv4)"';
    expect(ruleLines(v4!, "ipv4")).toEqual([
      `${head} -m set ! --match-set lintas_pptp_blocked_v4 src,dst,dst ${comment} -j SET --del-set lintas_pptp_blocked_v4_count src,dst,dst`,
      `${head} -m set --match-set lintas_pptp_blocked_v4_count src,dst,dst ${comment}`,
      `${head} ${comment} -j SET --add-set lintas_pptp_blocked_v4_count src,dst,dst`,
      `${head} ${comment} -j SET --add-set lintas_pptp_blocked_v4 src,dst,dst --exist`,
    ]);
    expect(ruleLines(v4!, "ipv6")).toEqual([]);
    expect(ruleLines(v6!, "ipv6")[1]).toContain("--match-set lintas_pptp_blocked_v6_count src,dst,dst");
  });
});
