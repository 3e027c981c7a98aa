// A packet through the host's forward path, purely: every base chain on the forward hook in priority order, each
// walked rule by rule (jump, goto, return, verdict maps, the chain's policy). A match the evaluator cannot decide
// is followed both ways; when the ways end differently the verdict is unknown, never "passes".
import { onlySpecialPurpose } from "./addresses";
import type { HostChain, HostRule, HostRuleset, HostTable, Match, Packet, TableSource, Verdict } from "./model";
import { forwardChains } from "./snapshot";

export type TableRef = { family: HostTable["family"]; name: string; source: TableSource };
/** Where a packet's fate was decided: a rule (its text), or the base chain's policy when `rule` is absent. */
export type Stop = { table: TableRef; chain: string; rule?: string };

export type UnknownReason =
  | { code: "unreadable"; table: TableRef; detail: string }
  | { code: "match"; table: TableRef; chain: string; rule: string; match: string }
  | { code: "verdict"; table: TableRef; chain: string; rule: string }
  | { code: "missing-chain"; table: TableRef; chain: string; target: string }
  | { code: "too-complex"; table: TableRef; chain: string };

export type ChainVerdict = { verdict: "accept" | "drop"; at: Stop } | { verdict: "unknown"; reason: UnknownReason };

export type PathStep = { table: TableRef; chain: string; priority: number; result: ChainVerdict };
export type PacketVerdict =
  | { verdict: "passes"; path: PathStep[] }
  | { verdict: "blocked"; at: Stop; path: PathStep[] }
  | { verdict: "unknown"; reason: UnknownReason; path: PathStep[] };

type Truth = true | false | "unknown";

export const tableRef = (table: HostTable): TableRef => ({ family: table.family, name: table.name, source: table.source });

function nameMatches(names: string[], name: string): boolean {
  return names.some((pattern) => (pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name));
}

const flip = (truth: Truth, negate: boolean): Truth => (truth === "unknown" || !negate ? truth : !truth);

export function matchHolds(match: Match, packet: Packet): Truth {
  switch (match.kind) {
    case "iifname":
      return flip(nameMatches(match.names, packet.iif), match.negate);
    case "oifname":
      return flip(nameMatches(match.names, packet.oif), match.negate);
    case "l4proto":
      return flip(match.protocols.includes(packet.l4proto), match.negate);
    case "port": {
      // A tcp/udp header field needs that transport (nft's implicit dependency, iptables' -p): negated or not,
      // another protocol's packet does not match. `th` reads whatever header follows, meaningful for tcp/udp only.
      const transport = packet.l4proto === "tcp" || packet.l4proto === "udp";
      if (match.protocol === "th" ? !transport : packet.l4proto !== match.protocol) return match.protocol === "th" ? "unknown" : false;
      const port = packet[match.side];
      if (port === undefined) return "unknown";
      return flip(match.ranges.some(([low, high]) => port >= low && port <= high), match.negate);
    }
    case "ctstate": {
      if (match.states.includes(packet.ctstate)) return flip(true, match.negate);
      // iptables' virtual SNAT/DNAT states depend on the NAT done to the flow.
      return match.states.some((s) => s === "snat" || s === "dnat") ? "unknown" : flip(false, match.negate);
    }
    case "ctstatus":
      // Passthrough flows are never destination-NATed; other status bits (snat, assured ...) depend on the flow.
      return match.statuses.every((s) => s === "dnat") ? flip(false, match.negate) : "unknown";
    case "nfproto":
      return match.family === packet.family;
    case "address": {
      if (match.family !== packet.family) return false;
      if (match.side === packet.publicSide && onlySpecialPurpose(match.prefixes, match.family)) return flip(false, match.negate);
      return "unknown";
    }
    case "exthdr":
      return false;
    case "scope":
      return flip(true, match.negate);
    case "time":
      if (packet.at === undefined) return "unknown";
      return match.op === "before" ? packet.at < match.at : packet.at >= match.at;
    case "unknown":
      return "unknown";
  }
}

/** All matches of a rule: false as soon as one is false; unknown names the first undecided one. */
function ruleHolds(matches: Match[], packet: Packet): { truth: Truth; undecided?: Match } {
  let undecided: Match | undefined;
  for (const match of matches) {
    const truth = matchHolds(match, packet);
    if (truth === false) return { truth: false };
    if (truth === "unknown") undecided ??= match;
  }
  return undecided ? { truth: "unknown", undecided } : { truth: true };
}

const matchText = (match: Match) => (match.kind === "unknown" ? match.text : match.kind);

type Frame = { chain: HostChain; index: number };
type Assumption = { chain: string; rule: HostRule; match: Match };
type Outcome = { result: ChainVerdict; assumed: Assumption[] };
type Walk = { frames: Frame[]; assumed: Assumption[] };

const MAX_DEPTH = 32;
const MAX_OUTCOMES = 64;

/** One base chain's verdict for a packet, as if it were the only one on the hook. */
export function evaluateChain(table: HostTable, base: HostChain & { base: { policy: "accept" | "drop" } }, packet: Packet): ChainVerdict {
  const ref = tableRef(table);
  if (table.unreadable) return { verdict: "unknown", reason: { code: "unreadable", table: ref, detail: table.unreadable } };
  const outcomes: Outcome[] = [];
  const pending: Walk[] = [{ frames: [{ chain: base, index: 0 }], assumed: [] }];
  while (pending.length > 0) {
    if (outcomes.length + pending.length > MAX_OUTCOMES) {
      return { verdict: "unknown", reason: { code: "too-complex", table: ref, chain: base.name } };
    }
    outcomes.push(walk(table, ref, base, packet, pending.shift()!, pending));
  }
  return combine(outcomes);
}

function walk(table: HostTable, ref: TableRef, base: HostChain & { base: { policy: "accept" | "drop" } }, packet: Packet, state: Walk, pending: Walk[]): Outcome {
  const { frames, assumed } = state;
  const end = (result: ChainVerdict): Outcome => ({ result, assumed });
  const policy = () => end({ verdict: base.base.policy, at: { table: ref, chain: base.name } });
  for (;;) {
    const frame = frames.at(-1);
    if (!frame) return policy();
    const rule = frame.chain.rules[frame.index++];
    if (!rule) {
      frames.pop();
      continue;
    }
    const held = ruleHolds(rule.matches, packet);
    if (held.truth === false) continue;
    let verdict = rule.verdict;
    if (verdict.kind === "continue") continue;
    if (held.truth === "unknown") {
      // Follow both ways: this walk assumes the rule matched, a pending one that it did not.
      pending.push({ frames: frames.map((f) => ({ ...f })), assumed: [...assumed, { chain: frame.chain.name, rule, match: held.undecided! }] });
      assumed.push({ chain: frame.chain.name, rule, match: held.undecided! });
    }
    if (verdict.kind === "vmap") {
      const picked = pickFromMap(verdict, packet);
      if (picked === "unknown") return end({ verdict: "unknown", reason: { code: "match", table: ref, chain: frame.chain.name, rule: rule.text, match: "verdict map" } });
      if (!picked) continue;
      verdict = picked;
    }
    const at = { table: ref, chain: frame.chain.name, rule: rule.text };
    switch (verdict.kind) {
      case "accept":
        return end({ verdict: "accept", at });
      case "drop":
      case "reject":
        return end({ verdict: "drop", at });
      case "return":
        frames.pop();
        continue;
      case "jump":
      case "goto": {
        const target = table.chains.find((c) => c.name === verdict.target);
        if (!target) return end({ verdict: "unknown", reason: { code: "missing-chain", table: ref, chain: frame.chain.name, target: verdict.target } });
        if (frames.length >= MAX_DEPTH) return end({ verdict: "unknown", reason: { code: "too-complex", table: ref, chain: base.name } });
        if (verdict.kind === "goto") frames.pop();
        frames.push({ chain: target, index: 0 });
        continue;
      }
      default:
        return end({ verdict: "unknown", reason: { code: "verdict", table: ref, chain: frame.chain.name, rule: rule.text } });
    }
  }
}

function pickFromMap(vmap: Extract<Verdict, { kind: "vmap" }>, packet: Packet): Verdict | undefined | "unknown" {
  for (const entry of vmap.entries) {
    const truth = matchHolds(entry.match, packet);
    if (truth === "unknown") return "unknown";
    if (truth) return entry.verdict;
  }
  return undefined;
}

function combine(outcomes: Outcome[]): ChainVerdict {
  const first = outcomes[0]!;
  const unknown = outcomes.find((o) => o.result.verdict === "unknown");
  if (unknown) return unknown.result;
  if (outcomes.every((o) => o.result.verdict === first.result.verdict)) return first.result;
  // The ways disagree: the verdict depends on the first match the evaluator could not decide.
  const fork = outcomes.find((o) => o.assumed.length > 0)!.assumed[0]!;
  const table = (first.result as { at: Stop }).at.table;
  return { verdict: "unknown", reason: { code: "match", table, chain: fork.chain, rule: fork.rule.text, match: matchText(fork.match) } };
}

/** A packet through every forward base chain: the first definite drop blocks it; else any unknown chain makes it unknown. */
export function evaluatePacket(ruleset: HostRuleset, packet: Packet): PacketVerdict {
  const path: PathStep[] = forwardChains(ruleset, packet.family).map(({ table, chain }) => ({
    table: tableRef(table),
    chain: chain.name,
    priority: chain.base.priority,
    result: evaluateChain(table, chain, packet),
  }));
  const drop = path.find((step) => step.result.verdict === "drop");
  if (drop) return { verdict: "blocked", at: (drop.result as { at: Stop }).at, path };
  const unknown = path.find((step) => step.result.verdict === "unknown");
  if (unknown) return { verdict: "unknown", reason: (unknown.result as { reason: UnknownReason }).reason, path };
  return { verdict: "passes", path };
}
