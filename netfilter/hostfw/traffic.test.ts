// What traffic meets, Lintas's table included: golden cases for Lintas's own rules, each captured host firewall
// beside them (as report mode leaves it), a stray drop added by hand, a missing helper and a rule the evaluator
// cannot decide. Pinned in golden/traffic.txt; regenerate with UPDATE_GOLDEN=1.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configSchema, type LintasConfig } from "../config";
import { iptablesRestore } from "../iptables";
import { nftTimeText } from "../nft";
import { render } from "../render";
import { everything } from "../capabilities.fixture";
import { parseIptablesSave } from "./iptables-save";
import { matchHolds } from "./evaluate";
import { judgeTraffic } from "./traffic";
import { describeTraffic, everyProtocolOn, lintasObjects, NETWORK, noneMissing, readFixture, type NatMissing } from "./test-support";

const config = (passthrough: unknown): LintasConfig => configSchema.parse({ network: NETWORK, passthrough });
const allOn = config(everyProtocolOn);
const mixed = config({ pptp: { enabled: true }, ipsec: { enabled: true, natT: false, esp: true, ah: false }, l2tp: { enabled: false } });
const allOff = config({});

const match = (left: unknown, right: unknown, op = "==") => ({ match: { op, left, right } });
const lintasRule = (...expr: unknown[]) => ({ rule: { family: "inet", table: "lintas", chain: "forward", expr } });
/** `nft add rule inet lintas forward udp dport 500 drop`: by hand, appended after Lintas's own rules. */
const strayDrop = lintasRule(match({ payload: { protocol: "udp", field: "dport" } }, 500), { drop: null });
/** A host table that drops addresses in a named set: what the set holds is not in the rule. */
const blocklist: Record<string, Record<string, unknown>>[] = [
  { table: { family: "inet", name: "guard" } },
  { chain: { family: "inet", table: "guard", name: "forward", type: "filter", hook: "forward", prio: -5, policy: "accept" } },
  { rule: { family: "inet", table: "guard", chain: "forward", expr: [match({ payload: { protocol: "ip", field: "daddr" } }, "@blocklist"), { drop: null }] } },
];

const tableGone: NatMissing = { helperMissing: ["pptp"], natMissing: true };

const HOSTS = ["docker", "iptables-drop", "ufw", "firewalld", "firewalld-opened", "nftables-conf", "fw4", "fw4-closed"];

const CASES: [title: string, text: () => string][] = [
  ["Lintas alone, every switch on", () => describeTraffic(readFixture(undefined, lintasObjects(allOn)), allOn)],
  ["Lintas alone, PPTP and IPsec on, NAT-T, AH and L2TP off", () => describeTraffic(readFixture(undefined, lintasObjects(mixed)), mixed)],
  ["Lintas alone, every switch off", () => describeTraffic(readFixture(undefined, lintasObjects(allOff)), allOff)],
  // The read-back then finds neither the masquerade nor the pptp helper.
  ["table inet lintas deleted, no other firewall, switches as in mixed", () => describeTraffic(readFixture(undefined), mixed, tableGone)],
  ["every switch on, a stray udp dport 500 drop in table inet lintas", () => describeTraffic(readFixture(undefined, [...lintasObjects(allOn), strayDrop]), allOn)],
  ["every switch on, the pptp helper not assigned", () => describeTraffic(readFixture(undefined, lintasObjects(allOn)), allOn, { helperMissing: ["pptp"] })],
  ["every switch on, a host drop on a named set", () => describeTraffic(readFixture(undefined, [...lintasObjects(allOn), ...blocklist]), allOn)],
  ...HOSTS.map((host): [string, () => string] => [`every switch on, beside ${host} (nothing opened)`, () => describeTraffic(readFixture(host, lintasObjects(allOn)), allOn)]),
];

describe("traffic golden", () => {
  it("every case, as golden/traffic.txt", () => {
    const actual = CASES.map(([title, text]) => `## ${title}\n${text()}`).join("\n");
    const file = path.join(import.meta.dirname, "golden", "traffic.txt");
    if (process.env.UPDATE_GOLDEN === "1" || (!existsSync(file) && !process.env.CI)) writeFileSync(file, actual);
    expect(actual).toBe(readFileSync(file, "utf8"));
  });
});

describe("a switch held to a deadline", () => {
  const AT = "2026-11-27T16:00:00.000Z";
  const deadline = Date.parse(AT);
  const timed = config({ pptp: { enabled: true, expiry: { at: AT, seconds: 60 } } });
  // As `nft -j list` prints it under TZ=UTC0: the instant as a date string.
  const listed = lintasObjects(timed).map((object) => JSON.parse(JSON.stringify(object).replaceAll(`"right":${deadline / 1000}`, `"right":"${nftTimeText(deadline / 1000)}"`)));
  const judged = (now?: number) => judgeTraffic(readFixture(undefined, listed), { ...timed, families: ["ipv4"], ...noneMissing, now }).pptp;

  it("passes before the deadline and is blocked from it on, by the off rules that follow", () => {
    expect(judged(deadline - 1)).toEqual({ verdict: "active", flows: { control: "pass", gre: "pass" } });
    expect(judged(deadline)).toMatchObject({ verdict: "blocked", cause: { kind: "dropped", at: { table: { name: "lintas" }, rule: expect.stringContaining('meta time >= "2026-11-27 16:00:00"') } } });
    // Judged at no time, the time match is undecided: never "passes".
    expect(judged().verdict).toBe("unknown");
  });

  it("reads xt_time's dates from iptables-save as the same instants (the stop's second included)", () => {
    const rules = parseIptablesSave(iptablesRestore(render(timed, everything).ruleset, "ipv4"), "ipv4").flatMap((table) => table.chains.flatMap((chain) => chain.rules));
    const times = rules.flatMap((rule) => rule.matches.filter((match) => match.kind === "time"));
    expect(times).toContainEqual({ kind: "time", op: "before", at: deadline / 1000 });
    expect(times).toContainEqual({ kind: "time", op: "from", at: deadline / 1000 });
    const packet = { family: "ipv4", iif: "br-lan", oif: "wan0", l4proto: "gre", ctstate: "new", publicSide: "daddr" } as const;
    expect(matchHolds({ kind: "time", op: "before", at: deadline / 1000 }, { ...packet, at: deadline / 1000 - 0.001 })).toBe(true);
    expect(matchHolds({ kind: "time", op: "from", at: deadline / 1000 }, { ...packet, at: deadline / 1000 })).toBe(true);
  });
});

describe("what the traffic goldens mean", () => {
  const verdicts = (whole: Parameters<typeof judgeTraffic>[0], cfg: LintasConfig, missing: NatMissing = {}) =>
    judgeTraffic(whole, { ...cfg, families: ["ipv4", "ipv6"], ...noneMissing, ...missing });

  it("Lintas's own rules do what the switches say: on passes both ways, off blocks, a sub-option off blocks only its flow", () => {
    const v = verdicts(readFixture(undefined, lintasObjects(mixed)), mixed);
    expect(v.pptp).toEqual({ verdict: "active", flows: { control: "pass", gre: "pass" } });
    expect(v.ipsec).toEqual({ verdict: "active", flows: { ike: "pass", natT: "blocked", esp: "pass", ah: "blocked" } });
    expect(v.l2tp).toMatchObject({ verdict: "blocked", cause: { kind: "dropped", at: { table: { name: "lintas" }, chain: "forward" } } });
  });

  it("a stray drop in Lintas's own table: IPsec is partly enforced, naming the rule as nft prints it; IKE is blocked", () => {
    const { ipsec, l2tp } = verdicts(readFixture(undefined, [...lintasObjects(allOn), strayDrop]), allOn);
    expect(ipsec).toMatchObject({
      verdict: "partly",
      flows: { ike: "blocked", natT: "pass", esp: "pass", ah: "pass" },
      // Lintas accepts IKE LAN->WAN before the stray rule is reached; the reply (500 -> 500) meets it.
      cause: { kind: "dropped", at: { table: { family: "inet", name: "lintas" }, chain: "forward", rule: "udp dport 500 drop" }, packet: { flow: "ike", direction: "reply" } },
    });
    expect(l2tp.verdict).toBe("active");
  });

  it("with the table deleted, a switched-off protocol gets through where no NAT is needed (IPv6): the truth, not the setting", () => {
    const v = verdicts(readFixture(undefined), mixed, tableGone);
    expect(v.l2tp).toMatchObject({ verdict: "partly", flows: { l2tp: "partly" }, cause: { kind: "no-nat", packet: { direction: "reply", family: "ipv4" } } });
    // PPTP is IPv4 only: without the source NAT nothing of it comes back.
    expect(v.pptp).toMatchObject({ verdict: "blocked", cause: { kind: "no-nat" } });
  });

  it("with the source NAT in place but the pptp helper not assigned, PPTP's control passes and its GRE never gets back", () => {
    expect(verdicts(readFixture(undefined, lintasObjects(allOn)), allOn, { helperMissing: ["pptp"] }).pptp).toMatchObject({
      verdict: "partly",
      flows: { control: "pass", gre: "blocked" },
      cause: { kind: "no-helper", helper: "pptp", packet: { flow: "gre", direction: "reply" } },
    });
  });

  it("a host firewall's drop beats Lintas's accept; an IPv4-only one leaves IPv6 through: partly", () => {
    expect(verdicts(readFixture("nftables-conf", lintasObjects(allOn)), allOn).ipsec).toMatchObject({
      verdict: "blocked",
      cause: { at: { table: { name: "filter" }, chain: "forward" } },
    });
    expect(verdicts(readFixture("docker", lintasObjects(allOn)), allOn).l2tp).toMatchObject({ verdict: "partly", cause: { packet: { family: "ipv4" } } });
    expect(verdicts(readFixture("fw4", lintasObjects(allOn)), allOn).ipsec.verdict).toBe("active");
  });

  it("a rule it cannot decide makes the verdict unknown, never active", () => {
    const v = verdicts(readFixture(undefined, [...lintasObjects(allOn), ...blocklist]), allOn);
    expect(v.l2tp).toMatchObject({ verdict: "unknown", cause: { kind: "unknown", reason: { code: "match", table: { name: "guard" } } } });
  });
});
