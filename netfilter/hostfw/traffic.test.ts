// What traffic meets, Lintas's table included: golden cases for Lintas's own rules, each captured host firewall
// beside them (as report mode leaves it), a stray drop added by hand, a missing helper and a rule the evaluator
// cannot decide. Pinned in golden/traffic.txt; regenerate with UPDATE_GOLDEN=1.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configSchema, type LintasConfig } from "../config";
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
