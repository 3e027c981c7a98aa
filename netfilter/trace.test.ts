// Trace lines -> packet paths, on real `nft monitor trace` output captured in a lab router (netfilter/golden/trace/,
// one file per case: the trace table of trace-table.ts, Lintas's table, a host firewall, a LAN client sending
// IKE, ESP or PPTP). No root needed.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { capturedTrace as assemble, capturedTraceFile } from "../lab/testing/trace-captures";
import { parseTraceLine } from "./trace-parse";
import { createPathAssembler, pathKey, type TracedPacket } from "./trace-path";
import { parseTraceOwner, traceTableBatch } from "./trace-table";

const interfaces = { lan: ["br-lan"], wan: "wan0" };

/** One line per distinct path: how many packets took it, what they were, each hop, the end. */
function paths(name: string): string[] {
  const groups = new Map<string, TracedPacket[]>();
  for (const packet of assemble(name)) groups.set(pathKey(packet), [...(groups.get(pathKey(packet)) ?? []), packet]);
  return [...groups.values()].map((group) => {
    const { direction, packet, hops, end } = group[0]!;
    const what = `${group.length}x ${direction} ${packet.protocol} ${packet.saddr} > ${packet.daddr}`;
    const hopWords = hops.map((h) => `${h.family} ${h.table} ${h.chain} ${h.by === "policy" ? "policy " : ""}${h.verdict}`);
    const endWords =
      end.kind === "dropped"
        ? `${end.reject ? "rejected" : "dropped"} in ${end.at.family} ${end.at.table} ${end.at.chain} by ${end.by}`
        : end.kind === "left"
          ? `left on ${end.oif} (${end.to})`
          : end.kind;
    return [what, ...hopWords, endWords].join(" | ");
  });
}

describe("nft monitor trace lines", () => {
  it("parse the packet, rule, unknown rule, policy and chain-end lines", () => {
    const packet = parseTraceLine(
      'trace id 276f8a4f inet x fw packet: iif "lan0" oif "wan0" ether saddr 02:00:00:00:00:01 ether daddr 02:00:00:00:00:02 ip saddr 192.168.77.10 ip daddr 203.0.113.2 ip dscp cs0 ip ecn not-ect ip ttl 63 ip id 1 ip protocol udp ip length 44 udp sport 500 udp dport 500 udp length 24 ',
    );
    expect(packet).toEqual({
      id: "276f8a4f",
      family: "inet",
      table: "x",
      chain: "fw",
      kind: "packet",
      packet: { iif: "lan0", oif: "wan0", saddr: "192.168.77.10", daddr: "203.0.113.2", protocol: "udp", sport: 500, dport: 500 },
    });
    const where = { id: "276f8a4f", family: "ip", table: "filter" };
    expect(parseTraceLine("trace id 276f8a4f ip filter FORWARD policy drop ")).toEqual({ ...where, chain: "FORWARD", kind: "policy", verdict: "drop" });
    expect(parseTraceLine("trace id 276f8a4f ip filter FORWARD policy accept meta mark 0x00000007 ")).toEqual({
      ...where,
      chain: "FORWARD",
      kind: "policy",
      verdict: "accept",
    });
    expect(parseTraceLine("trace id 276f8a4f ip filter FORWARD rule counter packets 0 bytes 0 jump DOCKER-USER (verdict jump DOCKER-USER)")).toEqual({
      ...where,
      chain: "FORWARD",
      kind: "rule",
      rule: "counter packets 0 bytes 0 jump DOCKER-USER",
      verdict: "jump DOCKER-USER",
    });
    expect(parseTraceLine("trace id 276f8a4f ip filter DOCKER-USER unknown rule handle 4 (verdict drop)")).toEqual({
      ...where,
      chain: "DOCKER-USER",
      kind: "rule",
      handle: 4,
      verdict: "drop",
    });
    expect(parseTraceLine("trace id 276f8a4f ip filter DOCKER-USER verdict continue ")).toEqual({ ...where, chain: "DOCKER-USER", kind: "return", verdict: "continue" });
    expect(parseTraceLine("inet firewalld filter_FWD_internal rule reject with icmpx admin-prohibited (verdict drop)")).toBeUndefined();
    expect(parseTraceLine("add table inet lintas_trace")).toBeUndefined();
  });

  it("read an IPv6 packet and a bare IP protocol without ports", () => {
    const [v6] = assemble("ike6-pass");
    expect(v6!.packet).toEqual({ iif: "br-lan", saddr: "2001:db8:50::10", daddr: "2001:db8:113::2", protocol: "udp", sport: 500, dport: 500 });
    const [esp] = assemble("esp-pass");
    expect(esp!.packet).toEqual({ iif: "br-lan", saddr: "192.168.50.10", daddr: "203.0.113.2", protocol: "esp" });
  });
});

describe("packet paths", () => {
  it("all pass through Lintas's NAT: out on the WAN source-NATed, the reply de-NATed onto the LAN", () => {
    expect(paths("ike-pass")).toEqual([
      "1x out udp 192.168.50.10 > 203.0.113.2 | inet lintas prerouting policy accept | inet lintas forward accept | inet lintas postrouting accept | left on wan0 (wan)",
      "1x in udp 203.0.113.2 > 203.0.113.1 | inet lintas prerouting policy accept | inet lintas forward policy accept | left on br-lan (lan)",
    ]);
    const [out, reply] = assemble("ike-pass");
    expect(out!.hops[1]!.rule).toBe('iifname "br-lan" oifname "wan0" udp dport 500 accept comment "ipsec=on: UDP 500 (IKE) LAN->WAN accept"');
    expect([out!.packet.saddr, out!.last.saddr]).toEqual(["192.168.50.10", "203.0.113.1"]);
    expect([reply!.packet.daddr, reply!.last.daddr]).toEqual(["203.0.113.1", "192.168.50.10"]);
  });

  it("all pass through a host table that opens the flow, with the host's own NAT", () => {
    expect(paths("ike-host-open")).toEqual([
      "1x out udp 192.168.50.10 > 203.0.113.2 | inet lintas prerouting policy accept | inet filter forward accept | inet lintas forward accept | ip hostnat post accept | left on wan0 (wan)",
      "1x in udp 203.0.113.2 > 203.0.113.1 | inet lintas prerouting policy accept | inet filter forward accept | inet lintas forward policy accept | left on br-lan (lan)",
    ]);
  });

  it("a Debian-style nftables.conf: dropped by the forward chain's policy, after Lintas's prerouting", () => {
    expect(paths("ike-nft-policy-drop")).toEqual([
      "8x out udp 192.168.50.10 > 203.0.113.2 | inet lintas prerouting policy accept | inet filter forward policy drop | dropped in inet filter forward by policy",
    ]);
  });

  it("Docker's FORWARD DROP: through the jump to DOCKER-USER and back, then the policy", () => {
    expect(paths("ike-docker-drop")).toEqual([
      "8x out udp 192.168.50.10 > 203.0.113.2 | inet lintas prerouting policy accept | ip filter FORWARD jump DOCKER-USER | ip filter DOCKER-USER return | ip filter FORWARD policy drop | dropped in ip filter FORWARD by policy",
    ]);
  });

  it("a host rule that rejects, after Lintas accepted", () => {
    const [first] = assemble("ike-host-reject");
    expect(first!.end).toEqual({
      kind: "dropped",
      at: { family: "inet", table: "hostfw", chain: "forward" },
      by: "rule",
      rule: 'iifname "br-lan" oifname "wan0" meta l4proto udp reject with icmpx admin-prohibited',
      reject: true,
    });
  });

  it("Lintas's own switch off: dropped by its rule, whose comment names the switch", () => {
    const [first] = assemble("ike-lintas-off");
    expect(first!.end).toMatchObject({ kind: "dropped", at: { table: "lintas", chain: "forward" }, by: "rule", reject: false });
    expect(first!.end.kind === "dropped" && first!.end.rule).toContain('comment "ipsec=off: UDP 500 (IKE) LAN->WAN drop"');
  });

  it("the request leaves, the reply is dropped by the host's policy (no established rule)", () => {
    expect(paths("ike-reply-drop")).toEqual([
      "1x out udp 192.168.50.10 > 203.0.113.2 | inet lintas prerouting policy accept | inet filter forward accept | inet lintas forward accept | inet lintas postrouting accept | left on wan0 (wan)",
      "8x in udp 203.0.113.2 > 203.0.113.1 | inet lintas prerouting policy accept | inet filter forward policy drop | dropped in inet filter forward by policy",
      "7x out udp 192.168.50.10 > 203.0.113.2 | inet lintas prerouting policy accept | inet filter forward accept | inet lintas forward accept | left on wan0 (wan)",
    ]);
  });

  it("PPTP from one LAN address: control connection and GRE, both ways, replies marked through conntrack", () => {
    const seen = assemble("pptp-from");
    const kinds = new Set(seen.map((p) => `${p.direction} ${p.packet.protocol} ${p.end.kind === "left" ? p.end.to : p.end.kind}`));
    expect(kinds).toEqual(new Set(["out tcp wan", "in tcp lan", "out gre wan", "in gre lan"]));
  });

  it("a trace id that comes back is a new packet; rules nft did not know keep their handle", () => {
    const seen = assemble("unknown-rules");
    const ids = readFileSync(capturedTraceFile("unknown-rules"), "utf8").match(/^trace id \S+ inet lintas_trace mark packet:/gm)!;
    expect(seen).toHaveLength(ids.length);
    expect(paths("unknown-rules")).toEqual([
      `${ids.length}x out udp 192.168.50.10 > 203.0.113.2 | inet lintas prerouting policy accept | inet lintas forward accept | inet hostx hfwd jump sub | inet hostx sub continue | inet hostx hfwd drop | dropped in inet hostx hfwd by rule`,
    ]);
    expect(seen[0]!.end).toMatchObject({ kind: "dropped", by: "rule", handle: 4 });
  });

  it("a packet that goes quiet without a verdict ends as unseen, after the last chain that saw it", () => {
    const assembler = createPathAssembler(interfaces);
    const lines = [
      'trace id 0000abcd inet lintas_trace mark packet: iif "br-lan" ip saddr 192.168.50.10 ip daddr 198.51.100.9 ip protocol udp udp sport 500 udp dport 500 ',
      'trace id 0000abcd inet lintas_trace mark rule iifname "br-lan" udp dport 500 meta nftrace set 1 (verdict continue)',
      "trace id 0000abcd inet lintas_trace mark policy accept ",
    ];
    for (const line of lines) expect(assembler.feed(parseTraceLine(line)!, 0)).toEqual([]);
    expect(assembler.expire(500, 1000)).toEqual([]);
    const [gone] = assembler.expire(1000, 1000);
    expect(gone!.end).toEqual({ kind: "unseen", after: { family: "inet", table: "lintas_trace", chain: "mark" } });
    expect(assembler.flush()).toEqual([]);
  });
});

describe("trace table", () => {
  const owner = { pid: 4242, until: 1795000000000 };
  const rulesOf = (batch: ReturnType<typeof traceTableBatch>) =>
    batch.nftables.flatMap((c) => {
      const rule = (c.add as { rule?: { chain: string; comment: string; expr: unknown[] } } | undefined)?.rule;
      return rule ? [rule] : [];
    });

  it("marks each flow of the protocol both ways, and says in every rule who owns it until when", () => {
    const rules = rulesOf(traceTableBatch({ protocol: "pptp", lanInterfaces: ["br-lan", "lan2"], wanInterface: "wan0" }, owner));
    expect(rules.map((r) => `${r.chain} ${JSON.stringify(r.expr.slice(0, 2))}`)).toEqual([
      'mark [{"match":{"op":"==","left":{"meta":{"key":"iifname"}},"right":{"set":["br-lan","lan2"]}}},{"match":{"op":"==","left":{"payload":{"protocol":"tcp","field":"dport"}},"right":1723}}]',
      'mark [{"match":{"op":"==","left":{"meta":{"key":"iifname"}},"right":"wan0"}},{"match":{"op":"==","left":{"payload":{"protocol":"tcp","field":"sport"}},"right":1723}}]',
      'mark [{"match":{"op":"==","left":{"meta":{"key":"iifname"}},"right":{"set":["br-lan","lan2"]}}},{"match":{"op":"==","left":{"meta":{"key":"l4proto"}},"right":"gre"}}]',
      'mark [{"match":{"op":"==","left":{"meta":{"key":"iifname"}},"right":"wan0"}},{"match":{"op":"==","left":{"meta":{"key":"l4proto"}},"right":"gre"}}]',
    ]);
    for (const rule of rules) expect(parseTraceOwner(rule.comment)).toEqual(owner);
    expect(parseTraceOwner("pptp=on: GRE (tunnel) LAN->WAN accept")).toBeUndefined();
  });

  it("follows one LAN address: its own packets by source, its connections' WAN packets through conntrack", () => {
    const rules = rulesOf(traceTableBatch({ protocol: "l2tp", lanInterfaces: ["br-lan"], wanInterface: "wan0", from: "2001:db8:50::10" }, owner));
    expect(rules.map((r) => [r.chain, JSON.stringify(r.expr[1])])).toEqual([
      ["mark", '{"match":{"op":"==","left":{"payload":{"protocol":"ip6","field":"saddr"}},"right":"2001:db8:50::10"}}'],
      ["mark_replies", '{"match":{"op":"==","left":{"ct":{"key":"ip6 saddr","dir":"original"}},"right":"2001:db8:50::10"}}'],
      ["mark_replies", '{"match":{"op":"==","left":{"ct":{"key":"ip6 saddr","dir":"reply"}},"right":"2001:db8:50::10"}}'],
    ]);
  });
});
