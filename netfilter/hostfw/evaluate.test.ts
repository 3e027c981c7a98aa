// The evaluator's rules, one at a time: chain flow (jump, goto, return, policy), three-valued matches, verdict
// maps, and that what it cannot decide is unknown, never "passes".
import { describe, expect, it } from "vitest";
import { evaluatePacket } from "./evaluate";
import { parseIptablesSave } from "./iptables-save";
import type { HostRuleset, HostTable, Packet } from "./model";
import { hostRuleset } from "./snapshot";

/** An iptables filter table from save text, its FORWARD chain hooked at priority 0 (as iptables-nft does). */
function iptables(text: string, family: "ipv4" | "ipv6" = "ipv4"): HostTable {
  const saved = parseIptablesSave(`*filter\n${text.trim()}\nCOMMIT\n`, family)[0]!;
  return {
    family: family === "ipv4" ? "ip" : "ip6",
    name: "filter",
    source: "iptables-nft",
    chains: saved.chains.map((c) => (c.name === "FORWARD" ? { ...c, base: { hook: "forward", priority: 0, policy: saved.policies.FORWARD ?? "accept" } } : c)),
  };
}

/** An nft ruleset from `nft -j` objects (table, chains, rules), as the kernel lists them. */
function nft(...objects: Record<string, Record<string, unknown>>[]): HostRuleset {
  return hostRuleset({ nft: { nftables: objects } });
}
const table = (name: string) => ({ table: { family: "inet", name } });
const base = (tableName: string, name: string, prio: number, policy: "accept" | "drop") => ({
  chain: { family: "inet", table: tableName, name, type: "filter", hook: "forward", prio, policy },
});
const chain = (tableName: string, name: string) => ({ chain: { family: "inet", table: tableName, name } });
const rule = (tableName: string, chainName: string, ...expr: unknown[]) => ({ rule: { family: "inet", table: tableName, chain: chainName, expr } });

const ikeOut: Packet = { family: "ipv4", iif: "br-lan", oif: "wan0", l4proto: "udp", dport: 500, ctstate: "new", publicSide: "daddr" };
const ikeReply: Packet = { family: "ipv4", iif: "wan0", oif: "br-lan", l4proto: "udp", sport: 500, ctstate: "established", publicSide: "saddr" };
const greOut: Packet = { family: "ipv4", iif: "br-lan", oif: "wan0", l4proto: "gre", ctstate: "new", publicSide: "daddr" };

describe("chain flow", () => {
  it("a jump returns to the rule after it; a goto returns to whoever called the chain that went", () => {
    const withJump = nft(table("t"), base("t", "fw", 0, "drop"), chain("t", "b"), rule("t", "fw", { jump: { target: "b" } }), rule("t", "fw", { accept: null }));
    expect(evaluatePacket(withJump, ikeOut)).toMatchObject({ verdict: "passes" });
    const withGoto = nft(table("t"), base("t", "fw", 0, "drop"), chain("t", "b"), rule("t", "fw", { goto: { target: "b" } }), rule("t", "fw", { accept: null }));
    const blocked = evaluatePacket(withGoto, ikeOut);
    expect(blocked).toMatchObject({ verdict: "blocked", at: { chain: "fw" } });
    expect(blocked).not.toHaveProperty("at.rule"); // the policy, not a rule
  });

  it("a drop in any base chain is final, whatever another chain accepted first; chains run in priority order", () => {
    const ruleset = nft(
      table("late"),
      base("late", "fw", 10, "drop"),
      table("early"),
      base("early", "fw", -10, "accept"),
      rule("early", "fw", { accept: null }),
    );
    const result = evaluatePacket(ruleset, ikeOut);
    expect(result).toMatchObject({ verdict: "blocked", at: { table: { name: "late" }, chain: "fw" } });
    expect(result.path.map((step) => step.table.name)).toEqual(["early", "late"]);
  });

  it("a rule that only marks the connection (Lintas's ct mark, nft or CONNMARK) passes the packet on to the next rule", () => {
    const mark = { mangle: { key: { ct: { key: "mark" } }, value: { "|": [{ ct: { key: "mark" } }, 0x01000000] } } };
    const marked = nft(table("t"), base("t", "fw", 0, "drop"), rule("t", "fw", mark), rule("t", "fw", { accept: null }));
    expect(evaluatePacket(marked, ikeOut)).toMatchObject({ verdict: "passes" });
    expect(evaluatePacket(nft(table("t"), base("t", "fw", 0, "drop"), rule("t", "fw", mark)), ikeOut)).toMatchObject({ verdict: "blocked" });
    const connmark = iptables(":FORWARD DROP\n-A FORWARD -p udp -m udp --dport 500 -j CONNMARK --set-xmark 0x1000000/0x1000000\n-A FORWARD -j ACCEPT");
    expect(evaluatePacket({ tables: [connmark] }, ikeOut)).toMatchObject({ verdict: "passes" });
  });

  it("a rule that records an attempt in an ipset (SET, Lintas's blocked attempts on iptables) passes the packet on too", () => {
    const recorded = iptables(":FORWARD DROP\n-A FORWARD -p udp -m udp --dport 500 -m conntrack --ctstate NEW -j SET --add-set lintas_ipsec_blocked_v4 src,dst,dst --exist\n-A FORWARD -j ACCEPT");
    expect(evaluatePacket({ tables: [recorded] }, ikeOut)).toMatchObject({ verdict: "passes" });
  });

  it("a verdict map on ct state decides like the rule it stands for", () => {
    const vmap = { vmap: { key: { ct: { key: "state" } }, data: { set: [["established", { accept: null }], ["invalid", { drop: null }]] } } };
    const ruleset = nft(table("t"), base("t", "fw", 0, "drop"), rule("t", "fw", vmap));
    expect(evaluatePacket(ruleset, ikeReply).verdict).toBe("passes");
    expect(evaluatePacket(ruleset, ikeOut).verdict).toBe("blocked");
  });
});

describe("matches", () => {
  it("a port match never holds for another protocol's packet, negated or not", () => {
    const filter = iptables(`
:FORWARD DROP [0:0]
-A FORWARD -p udp -m udp ! --dport 4500 -j ACCEPT
`);
    expect(evaluatePacket({ tables: [filter] }, ikeOut).verdict).toBe("passes");
    expect(evaluatePacket({ tables: [filter] }, greOut).verdict).toBe("blocked");
  });

  it("interface wildcards and negations: Docker's `-i docker0 ! -o docker0` is not LAN traffic", () => {
    const filter = iptables(`
:FORWARD DROP [0:0]
-A FORWARD -i docker+ ! -o docker0 -j ACCEPT
-A FORWARD -i br-+ -o wan0 -p gre -j ACCEPT
`);
    expect(evaluatePacket({ tables: [filter] }, ikeOut).verdict).toBe("blocked");
    expect(evaluatePacket({ tables: [filter] }, greOut).verdict).toBe("passes");
  });

  it("an undecidable match is followed both ways: unknown when they end differently, decided when they agree", () => {
    const differ = iptables(`
:FORWARD DROP [0:0]
-A FORWARD -m limit --limit 3/min -j ACCEPT
`);
    expect(evaluatePacket({ tables: [differ] }, ikeOut)).toMatchObject({
      verdict: "unknown",
      reason: { code: "match", chain: "FORWARD", rule: "-m limit --limit 3/min -j ACCEPT", match: "-m limit --limit 3/min" },
    });
    const agree = iptables(`
:FORWARD DROP [0:0]
-A FORWARD -m limit --limit 3/min -j LOG
-A FORWARD -m addrtype --dst-type LOCAL -j DROP
`);
    const blocked = evaluatePacket({ tables: [agree] }, ikeOut);
    expect(blocked).toMatchObject({ verdict: "blocked", at: { chain: "FORWARD" } });
  });

  it("an address list of special-purpose blocks never holds for an internet server; another list is undecided", () => {
    const reject = (prefixes: string) =>
      iptables(`
:FORWARD ACCEPT [0:0]
-A FORWARD -d ${prefixes} -j REJECT
`);
    expect(evaluatePacket({ tables: [reject("10.0.0.0/8,192.168.0.0/16")] }, ikeOut).verdict).toBe("passes");
    expect(evaluatePacket({ tables: [reject("8.8.8.0/24")] }, ikeOut).verdict).toBe("unknown");
    // The LAN side of the packet is not known: a source match there is undecided.
    expect(evaluatePacket({ tables: [reject("10.0.0.0/8")] }, ikeReply).verdict).toBe("unknown");
  });
});

describe("what it cannot read", () => {
  it("an iptables-nft table nft lists as opaque xt, without its save text, makes every verdict unknown", () => {
    const ruleset = hostRuleset({
      nft: {
        nftables: [
          { table: { family: "ip", name: "filter" } },
          { chain: { family: "ip", table: "filter", name: "FORWARD", type: "filter", hook: "forward", prio: 0, policy: "drop" } },
          { rule: { family: "ip", table: "filter", chain: "FORWARD", expr: [{ xt: { type: "match", name: "conntrack" } }, { accept: null }] } },
        ],
      },
    });
    expect(evaluatePacket(ruleset, ikeReply)).toMatchObject({ verdict: "unknown", reason: { code: "unreadable", table: { family: "ip", name: "filter" } } });
  });

  it("a verdict it does not follow (queue) is unknown", () => {
    const queue = iptables(`
:FORWARD ACCEPT [0:0]
-A FORWARD -p udp -j NFQUEUE --queue-num 1
`);
    expect(evaluatePacket({ tables: [queue] }, ikeOut)).toMatchObject({ verdict: "unknown", reason: { code: "verdict", rule: "-p udp -j NFQUEUE --queue-num 1" } });
  });
});

describe("scope sets", () => {
  const saddrIn = (set: string) => ({ match: { op: "==", left: { payload: { protocol: "ip", field: "saddr" } }, right: `@${set}` } });
  const scoped = (tableName: string, set: string) =>
    nft(table(tableName), base(tableName, "forward", 0, "accept"), rule(tableName, "forward", saddrIn(set), { accept: null }), rule(tableName, "forward", { counter: null }, { drop: null }));

  it("Lintas's own scope set (nft set, ipset) is the scope's traffic: it passes, as the card says it does for its scope", () => {
    expect(evaluatePacket(scoped("lintas", "pptp_lan_v4"), greOut)).toMatchObject({ verdict: "passes" });
    const withIpset = iptables(":FORWARD ACCEPT\n-A FORWARD -m set --match-set lintas_pptp_lan_v4 src -j ACCEPT\n-A FORWARD -j DROP");
    expect(evaluatePacket({ tables: [withIpset] }, greOut)).toMatchObject({ verdict: "passes" });
  });

  it("another table's set, or an ipset not Lintas's, is a match the evaluator cannot decide", () => {
    expect(evaluatePacket(scoped("other", "pptp_lan_v4"), greOut)).toMatchObject({ verdict: "unknown", reason: { code: "match", match: "ip saddr @pptp_lan_v4" } });
    const foreign = iptables(":FORWARD ACCEPT\n-A FORWARD -m set --match-set trusted src -j ACCEPT\n-A FORWARD -j DROP");
    expect(evaluatePacket({ tables: [foreign] }, greOut)).toMatchObject({ verdict: "unknown", reason: { match: "-m set --match-set trusted src" } });
  });
});
