// A traced packet in words, in the reader's language: what the terminal prints and the panel's table shows.
// nft's own words (tables, chains, verdicts, rule texts) stay as nft printed them.
import type { ChainRef, PacketFields, TraceEnd, TracedPacket } from "../../netfilter";
import { pathKey } from "../../netfilter";
import { message, type Message, type Translator } from "../i18n";

export type HopView = { table: string; chain: string; verdict: string; rule?: string };

export type PacketView = {
  seq: number;
  /** Packets with the same key took the same path. */
  key: string;
  direction: string;
  /** "UDP 192.168.50.10:500 → 203.0.113.2:500", as the router received it. */
  flow: string;
  /** What NAT changed on the way, e.g. "source NAT 192.168.50.10 → 203.0.113.1". */
  nat: string[];
  hops: HopView[];
  /** Where the packet ended, in words. */
  end: string;
  outcome: "passed" | "dropped" | "unknown";
};

export function packetView(packet: TracedPacket, t: Translator): PacketView {
  const words = (text: Message) => t(text.key, text.params);
  return {
    seq: packet.seq,
    key: pathKey(packet),
    direction: t(packet.direction === "out" ? "trace.direction.out" : "trace.direction.in"),
    flow: flowWords(packet.packet),
    nat: natMessages(packet).map(words),
    hops: packet.hops.map((hop) => ({
      table: `${hop.family} ${hop.table}`,
      chain: hop.chain,
      verdict:
        hop.by === "policy" ? t("trace.hop.policy", { verdict: hop.verdict }) : hop.by === "end" ? t("trace.hop.end") : hop.verdict,
      rule: hop.by === "rule" ? words(ruleWords(hop.rule, hop.handle)) : undefined,
    })),
    end: words(endMessage(packet.end)),
    outcome: packet.end.kind === "dropped" ? "dropped" : packet.end.kind === "left" || packet.end.kind === "local" ? "passed" : "unknown",
  };
}

const tableName = (ref: ChainRef) => `${ref.family} ${ref.table}`;

/** A rule's text, or its handle when nft could not name it (the rule is gone). */
const ruleWords = (rule: string | undefined, handle: number | undefined): Message =>
  rule === undefined ? message("trace.rule.handle", { handle: handle ?? "?" }) : message("trace.rule.text", { rule });

export function endMessage(end: TraceEnd): Message {
  switch (end.kind) {
    case "dropped": {
      const where = { table: tableName(end.at), chain: end.at.chain };
      if (end.by === "policy") return message("trace.end.droppedPolicy", where);
      return message(end.reject ? "trace.end.rejected" : "trace.end.droppedRule", { ...where, rule: ruleWords(end.rule, end.handle) });
    }
    case "left":
      return message(end.to === "wan" ? "trace.end.leftWan" : end.to === "lan" ? "trace.end.leftLan" : "trace.end.leftOther", { oif: end.oif });
    case "local":
      return message("trace.end.local");
    case "taken":
      return message("trace.end.taken", { verdict: end.verdict, table: tableName(end.at), chain: end.at.chain });
    case "unseen":
      return message("trace.end.unseen", { table: end.after ? tableName(end.after) : "?", chain: end.after?.chain ?? "?" });
  }
}

function natMessages({ packet, last }: TracedPacket): Message[] {
  const changed = (side: "saddr" | "daddr", port: "sport" | "dport") => {
    const from = endpoint(packet[side], packet[port]);
    const to = endpoint(last[side], last[port]);
    return last[side] !== undefined && from !== to ? { from, to } : undefined;
  };
  const source = changed("saddr", "sport");
  const destination = changed("daddr", "dport");
  return [
    ...(source ? [message("trace.nat.source", source)] : []),
    ...(destination ? [message("trace.nat.destination", destination)] : []),
  ];
}

function endpoint(address: string | undefined, port: number | undefined): string {
  const host = address?.includes(":") ? `[${address}]` : (address ?? "?");
  return port === undefined ? (address ?? "?") : `${host}:${port}`;
}

function flowWords(packet: PacketFields): string {
  const protocol = (packet.protocol ?? "?").toUpperCase();
  return `${protocol} ${endpoint(packet.saddr, packet.sport)} → ${endpoint(packet.daddr, packet.dport)}`;
}
