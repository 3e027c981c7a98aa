// What a protocol's traffic meets, in words: netfilter judges it (hostfw/traffic.ts); the reader gets the packet,
// where it dies and the rule as nft prints it.
import { protocolSpec, wireName, type PacketLabel, type ProtocolId, type ProtocolStatus, type TrafficCause, type TrafficVerdict } from "../../netfilter";
import { message, type Message } from "../i18n";
import { reasonMessage, tableName } from "./host-messages";

/** "UDP 500 WAN → LAN (IPv4)". */
function packetMessage(protocol: ProtocolId, packet: PacketLabel): Message {
  const flow = protocolSpec(protocol).flows.find((f) => f.id === packet.flow)!;
  return message("traffic.packet", {
    flow: wireName(flow.match),
    direction: message(packet.direction === "out" ? "trace.direction.out" : "trace.direction.in"),
    family: packet.family === "ipv4" ? "IPv4" : "IPv6",
  });
}

/** Why a protocol's traffic does not simply pass. */
export function causeMessage(protocol: ProtocolId, cause: TrafficCause): Message {
  switch (cause.kind) {
    case "dropped": {
      const { at } = cause;
      const packet = packetMessage(protocol, cause.packet);
      return at.rule === undefined
        ? message("traffic.dropped.policy", { packet, table: tableName(at.table), chain: at.chain })
        : message("traffic.dropped.rule", { packet, table: tableName(at.table), chain: at.chain, rule: at.rule });
    }
    case "no-nat":
      return message("traffic.noNat", { packet: packetMessage(protocol, cause.packet) });
    case "no-helper":
      return message("traffic.noHelper", { packet: packetMessage(protocol, cause.packet), helper: cause.helper });
    case "unknown":
      return message("traffic.unknown", { packet: packetMessage(protocol, cause.packet), why: reasonMessage(cause.reason) });
    case "not-read":
      return message("traffic.notRead", { reason: cause.reason });
    case "dry-run":
      return message("traffic.dryRun");
  }
}

/**
 * Why a protocol's traffic is not what its switch asks for: what drops it (the rule, as nft prints it) or cannot
 * be judged; for one switched off, that it gets through; else the kernel's drift, when only Lintas's rules differ.
 */
export function trafficReason(kernel: ProtocolStatus, traffic: TrafficVerdict): Message | undefined {
  const { verdict, cause } = traffic;
  // Past its deadline a switch still stored on is blocked by the kernel itself, as asked.
  const wanted = kernel.desired.state === "active" && !kernel.expired ? "active" : "blocked";
  if (cause && (verdict === "unknown" || (wanted === "active" && verdict !== "active"))) return causeMessage(kernel.id, cause);
  if (wanted === "blocked" && verdict !== "blocked") return message("state.offButPasses");
  return kernel.inSync ? undefined : message("state.drift");
}
