// What each protocol's traffic meets on its way through the router, Lintas's own table included: every
// representative packet (packets.ts) through every base chain on the forward hook (evaluate.ts). This, not the
// presence of Lintas's rules, is what a card's badge and `lintas status` say.
import { PROTOCOLS, switchValues, type Flow, type ProtocolId, type ProtocolSpec } from "../protocols";
import { evaluatePacket, type Stop, type UnknownReason } from "./evaluate";
import type { JudgeInput, PacketLabel } from "./judge";
import type { HostRuleset } from "./model";
import { familiesOf, flowPackets, flowsOf, type FlowPacket } from "./packets";

export type FlowTraffic = "pass" | "blocked" | "partly" | "unknown";

/** Why traffic does not simply pass: the first packet dropped (where, and the rule as nft prints it), or why not known. */
export type TrafficCause =
  | { kind: "dropped"; at: Stop; packet: PacketLabel }
  /** The filter passes the tunnel's replies, but without the conntrack helper NAT never maps them back. */
  | { kind: "no-helper"; helper: string; packet: PacketLabel }
  /** The filter passes IPv4 replies, but without the source NAT the config asks for they have no way back. */
  | { kind: "no-nat"; packet: PacketLabel }
  | { kind: "unknown"; reason: UnknownReason; packet: PacketLabel }
  /** The ruleset could not be read. */
  | { kind: "not-read"; reason: string }
  /** The dry-run backend touches no firewall: nothing Lintas does reaches traffic. */
  | { kind: "dry-run" };

export type TrafficVerdict = {
  /** Over the flows the protocol's sub-options select: all pass, all blocked, some of each, or not evaluable. */
  verdict: "active" | "blocked" | "partly" | "unknown";
  /** Every flow of the catalogue, sub-options off included. */
  flows: Record<string, FlowTraffic>;
  /** Absent when active. */
  cause?: TrafficCause;
};

export type TrafficInput = JudgeInput & {
  /** Protocols whose conntrack helper is not assigned although NAT needs it. */
  helperMissing: readonly ProtocolId[];
  /** The source NAT the config asks for is not installed. */
  natMissing: boolean;
};

type Outcome = { result: "pass" } | { result: "blocked" | "unknown"; cause: TrafficCause };
type Stopped = Extract<Outcome, { cause: TrafficCause }>;

/** `whole`: every table on the forward path, Lintas's own included. */
export function judgeTraffic(whole: HostRuleset, input: TrafficInput): Record<ProtocolId, TrafficVerdict> {
  const verdicts = {} as Record<ProtocolId, TrafficVerdict>;
  for (const spec of PROTOCOLS) {
    const families = familiesOf(spec, input.families);
    const helper = input.helperMissing.includes(spec.id) ? spec.helper?.name : undefined;
    const byFlow = new Map(
      spec.flows.map((flow) => {
        const missing = { nat: input.natMissing, helper: needsHelper(spec, flow) ? helper : undefined };
        return [flow.id, connections(whole, flowPackets(input.network, spec, [flow], families, input.now === undefined ? undefined : input.now / 1000), missing)];
      }),
    );
    const flows = Object.fromEntries([...byFlow].map(([id, outcomes]) => [id, flowWord(combine(outcomes).verdict)]));
    const selected = flowsOf(spec, switchValues(input.passthrough, spec.id)).flatMap((flow) => byFlow.get(flow.id)!);
    verdicts[spec.id] = { ...combine(selected), flows };
  }
  return verdicts;
}

/** Every protocol unknown, for one reason: the ruleset could not be read, or there is none (dry-run). */
export function unknownTraffic(cause: Extract<TrafficCause, { kind: "not-read" | "dry-run" }>): Record<ProtocolId, TrafficVerdict> {
  return Object.fromEntries(
    PROTOCOLS.map((spec) => [spec.id, { verdict: "unknown", flows: Object.fromEntries(spec.flows.map((f) => [f.id, "unknown"])), cause }]),
  ) as Record<ProtocolId, TrafficVerdict>;
}

const flowWord = (verdict: TrafficVerdict["verdict"]): FlowTraffic => (verdict === "active" ? "pass" : verdict);

/** The protocol's flows other than the control connection the helper watches (PPTP's GRE). */
function needsHelper(spec: ProtocolSpec, flow: Flow): boolean {
  const helper = spec.helper;
  if (!helper) return false;
  return !("port" in flow.match && flow.match.l4proto === helper.l4proto && flow.match.port === helper.port);
}

/**
 * One outcome per connection (a family and LAN interface): it works only when its first packet and the reply both
 * pass. A reply dropped is as fatal as the first packet, and a reply that passes after the first packet was
 * dropped never exists.
 */
/** What NAT lacks for a flow's replies to find their way back: the source NAT itself, or the helper it needs. */
type NatMissing = { nat: boolean; helper?: string };

function connections(whole: HostRuleset, packets: FlowPacket[], missing: NatMissing): Outcome[] {
  const pairs = new Map<string, FlowPacket[]>();
  for (const fp of packets) {
    const key = `${fp.packet.family} ${fp.lan}`;
    pairs.set(key, [...(pairs.get(key) ?? []), fp]);
  }
  return [...pairs.values()].map((pair) => {
    const outcomes = pair.map((fp) => outcome(whole, fp, missing));
    return outcomes.find((o) => o.result === "blocked") ?? outcomes.find((o) => o.result === "unknown") ?? { result: "pass" };
  });
}

function outcome(whole: HostRuleset, fp: FlowPacket, missing: NatMissing): Outcome {
  const packet: PacketLabel = { flow: fp.flow.id, label: fp.flow.label, direction: fp.direction, family: fp.packet.family, lan: fp.lan };
  const result = evaluatePacket(whole, fp.packet);
  if (result.verdict === "blocked") return { result: "blocked", cause: { kind: "dropped", at: result.at, packet } };
  if (result.verdict === "unknown") return { result: "unknown", cause: { kind: "unknown", reason: result.reason, packet } };
  if (fp.direction === "reply" && fp.packet.family === "ipv4") {
    if (missing.nat) return { result: "blocked", cause: { kind: "no-nat", packet } };
    if (missing.helper) return { result: "blocked", cause: { kind: "no-helper", helper: missing.helper, packet } };
  }
  return { result: "pass" };
}

/** A drop anywhere is certain (partly, or blocked when nothing passes); only then does an undecided packet count. */
function combine(outcomes: Outcome[]): Omit<TrafficVerdict, "flows"> {
  const blocked = outcomes.filter((o): o is Stopped => o.result === "blocked");
  const unknown = outcomes.find((o): o is Stopped => o.result === "unknown");
  if (blocked[0]) return { verdict: blocked.length === outcomes.length ? "blocked" : "partly", cause: blocked[0].cause };
  if (unknown) return { verdict: "unknown", cause: unknown.cause };
  return { verdict: "active" };
}
