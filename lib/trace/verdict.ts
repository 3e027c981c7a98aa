// A trace's outcome in one sentence: whether the protocol got through the router, and where it died when it did
// not. What the panel's Test button says and `lintas trace` ends with.
import { protocolSpec, type ProtocolId, type TracedPacket } from "../../netfilter";
import { message, type Message } from "../i18n";
import { endMessage } from "./view";

export function traceVerdict({ protocol: id, seconds, packets }: { protocol: ProtocolId; seconds: number; packets: TracedPacket[] }): Message {
  const protocol = protocolSpec(id).title;
  const count = packets.length;
  if (count === 0) return message("trace.verdict.none", { protocol, seconds });
  const dropped = packets.filter((p) => p.end.kind === "dropped");
  if (dropped[0]) return message("trace.verdict.dropped", { protocol, dropped: dropped.length, count, end: endMessage(dropped[0].end) });
  const lost = packets.filter((p) => p.end.kind === "unseen" || p.end.kind === "taken");
  if (lost[0]) return message("trace.verdict.unknown", { protocol, unknown: lost.length, count, end: endMessage(lost[0].end) });
  if (!packets.some((p) => p.direction === "in")) return message("trace.verdict.noReply", { protocol, seconds });
  return message("trace.verdict.passed", { protocol, count });
}
