// Ruleset -> iptables-restore input, for hosts without nft. Pure. Renders the same model as nft.ts, in the
// canonical form iptables-save prints so read-back can compare lines. Lintas owns LINTAS_* chains only; the
// backend adds one jump to each from the built-in chain.
import { VPN_CT_MARK } from "./ct-mark";
import { ipsetName } from "./ipset";
import { trackLineEnds } from "./ipset-attempts";
import type { ChainId, Rule, Ruleset, TimeMatch } from "./model";

type Placement = { table: "raw" | "filter" | "nat"; chain: string; builtin: string };

const IPTABLES_CHAINS: Record<ChainId, Placement> = {
  // CT --helper in raw attaches the helper when conntrack creates the entry.
  prerouting: { table: "raw", chain: "LINTAS_PREROUTING", builtin: "PREROUTING" },
  output: { table: "raw", chain: "LINTAS_OUTPUT", builtin: "OUTPUT" },
  forward: { table: "filter", chain: "LINTAS_FORWARD", builtin: "FORWARD" },
  postrouting: { table: "nat", chain: "LINTAS_POSTROUTING", builtin: "POSTROUTING" },
};

export type IpFamily = "ipv4" | "ipv6";

/** Chains each family carries: no helper (IPv4-only kernel helper) and no NAT for IPv6. */
export function placementsFor(family: IpFamily): Placement[] {
  const ids: ChainId[] = family === "ipv4" ? ["prerouting", "output", "forward", "postrouting"] : ["forward"];
  return ids.map((id) => IPTABLES_CHAINS[id]);
}

const quote = (text: string) => (/^[\w.:=>-]+$/.test(text) ? text : `"${text.replace(/(["\\])/g, "\\$1")}"`);

/**
 * Every `-A` line of a rule: iptables has no interface sets, so one line per interface pair. Address sets are
 * ipsets; a rule for the other family has no line. In iptables-save's order: -p, then the matches as given.
 */
export function ruleLines(rule: Rule, family: IpFamily): string[] {
  const { match: m, action } = rule;
  if (family === "ipv6" && (m.ipv4Only || action.kind === "helper")) return [];
  if (m.addresses && m.addresses.family !== family) return [];
  const sets = m.addresses ? (["saddr", "daddr"] as const).flatMap((field) => {
    const set = m.addresses![field];
    return set ? [`-m set --match-set ${ipsetName(set)} ${field === "saddr" ? "src" : "dst"}`] : [];
  }) : [];
  const ends = lineEnds(rule);
  const lines: string[] = [];
  for (const iif of m.iifnames ?? [undefined]) {
    for (const oif of m.oifnames ?? [undefined]) {
      const parts = [`-A ${IPTABLES_CHAINS[rule.chain].chain}`];
      if (iif) parts.push(`-i ${iif}`);
      if (oif) parts.push(`-o ${oif}`);
      if (m.flow) parts.push(`-p ${m.flow.l4proto}`);
      parts.push(...sets);
      if (m.flow && "port" in m.flow) parts.push(`-m ${m.flow.l4proto} --${m.portSide ?? "dport"} ${m.flow.port}`);
      if (m.time) parts.push(timeMatch(m.time));
      lines.push(...ends.map((end) => `${parts.join(" ")} ${end}`));
    }
  }
  return lines;
}

/**
 * Before or from an instant (seconds since the epoch). xt_time compares whole seconds in UTC (no --kerneltz),
 * --datestart and --datestop included, so "before" stops the second before. iptables-save prints a start with
 * the default stop, the last second a 32-bit time holds: so is it rendered.
 */
function timeMatch({ op, at }: TimeMatch): string {
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 19);
  return op === "before" ? `-m time --datestop ${iso(at - 1)}` : `-m time --datestart ${iso(at)} --datestop ${iso(2 ** 31 - 1)}`;
}

/** What follows the matches on each of a rule's lines: its comment and target (several lines for some). */
function lineEnds({ action, comment: words }: Rule): string[] {
  const comment = `-m comment --comment ${quote(words)}`;
  switch (action.kind) {
    case "track":
      return trackLineEnds(action.set, comment);
    // CONNMARK gives no verdict: a marking accept is two lines, the mark first.
    case "accept":
      return [...(action.mark ? [`${comment} ${MARK_TARGET}`] : []), `${comment} -j ACCEPT`];
    // A counting rule has no target (iptables counts every rule's packets itself) unless it marks.
    case "count":
      return [action.mark ? `${comment} ${MARK_TARGET}` : comment];
    case "drop":
      return [`${comment} -j DROP`];
    case "masquerade":
      return [`${comment} -j MASQUERADE`];
    case "helper":
      return [`${comment} -j CT --helper ${action.helper}`];
    case "mark":
      return [`${comment} ${MARK_TARGET}`];
  }
}

/** The lines whose packet counters are the rule's: a marking accept's mark line sees the same packets again. */
export function countedLines(rule: Rule, family: IpFamily): string[] {
  const lines = ruleLines(rule, family);
  return rule.action.kind === "accept" && rule.action.mark ? lines.filter((line) => !line.endsWith(MARK_TARGET)) : lines;
}

/** Sets VPN_CT_MARK, the connection's other mark bits kept; as iptables-save prints it. */
const MARK_TARGET = `-j CONNMARK --set-xmark 0x${VPN_CT_MARK.toString(16)}/0x${VPN_CT_MARK.toString(16)}`;

/** iptables-restore --noflush input: declaring each LINTAS_* chain empties it, then its rules follow. */
export function iptablesRestore(ruleset: Ruleset, family: IpFamily): string {
  const out: string[] = [];
  for (const tableName of ["raw", "filter", "nat"] as const) {
    const placements = placementsFor(family).filter((p) => p.table === tableName);
    if (placements.length === 0) continue;
    out.push(`*${tableName}`);
    for (const p of placements) out.push(`:${p.chain} - [0:0]`);
    for (const [id, p] of Object.entries(IPTABLES_CHAINS)) {
      if (!placements.includes(p)) continue;
      for (const rule of ruleset.rules.filter((r) => r.chain === id)) out.push(...ruleLines(rule, family));
    }
    out.push("COMMIT");
  }
  return out.join("\n") + "\n";
}
