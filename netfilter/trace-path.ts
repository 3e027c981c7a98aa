// Trace events -> one path per packet: every table and chain that saw it, how each chain ended, and where the
// packet ended. Pure: the caller feeds events with the time they arrived.
//
// The kernel's trace id is a hash of the skb, so a later packet may come back with the same id. A packet
// therefore starts where the trace table marks it (its first event in a marking chain) and ends at a drop, or
// where the trace table's last chains see it leave the firewall (to the router, or out of an interface). A
// packet that stops without either (a route missing, a reverse-path check) ends as unseen once it goes quiet.
import type { ChainRef, PacketFields, TraceEvent } from "./trace-parse";
import { TRACE_FAMILY, TRACE_TABLE } from "./trace-table";

/** One visit of a chain: how the chain let the packet go. */
export type Hop = ChainRef & {
  /** accept, drop, jump X, goto X, return, continue (the chain ended without a verdict), queue, ... */
  verdict: string;
  /** What decided: the chain's policy, a rule (its text, or its handle when nft did not know it), or the chain's end. */
  by: "policy" | "rule" | "end";
  rule?: string;
  handle?: number;
};

export type TraceEnd =
  | { kind: "dropped"; at: ChainRef; by: "policy" | "rule"; rule?: string; handle?: number; reject: boolean }
  /** Accepted by every table and sent out of `oif`: the WAN, the LAN, or some other interface. */
  | { kind: "left"; oif: string; to: "wan" | "lan" | "other" }
  /** Accepted by every table and delivered to the router itself. */
  | { kind: "local" }
  /** Given to something outside the ruleset (queue to a program, stolen). */
  | { kind: "taken"; at: ChainRef; verdict: string }
  /** No verdict seen: the kernel stopped it outside nftables, or tracing stopped first. */
  | { kind: "unseen"; after?: ChainRef };

export type TracedPacket = {
  /** Order of arrival within this trace, from 1. */
  seq: number;
  /** out: arrived on a LAN interface; in: arrived on the WAN. */
  direction: "out" | "in";
  /** The packet as the router received it. */
  packet: PacketFields;
  /** The packet as the last chain saw it (after NAT, if any). */
  last: PacketFields;
  hops: Hop[];
  end: TraceEnd;
};

export type TraceInterfaces = { lan: string[]; wan: string };

type Open = {
  seq: number;
  packet: PacketFields;
  last: PacketFields;
  hops: Hop[];
  /** The trace table's chains this packet passed: a new visit of a marking chain is a new packet. */
  passed: Set<string>;
  lastChain?: ChainRef;
  lastAt: number;
};

const LAST_CHAINS = new Set(["input", "postrouting"]);
const FINAL_VERDICTS = new Set(["queue", "stolen"]);

export type PathAssembler = {
  /** Takes one event; returns the packets it finished (a packet whose trace id came back is finished too). */
  feed(event: TraceEvent, now: number): TracedPacket[];
  /** Finishes, as unseen, the packets nothing was heard of for `quietMs`. */
  expire(now: number, quietMs: number): TracedPacket[];
  /** Finishes every open packet (tracing stopped). */
  flush(): TracedPacket[];
};

export function createPathAssembler(interfaces: TraceInterfaces): PathAssembler {
  const open = new Map<string, Open>();
  let seq = 0;

  const finish = (id: string, packet: Open, end: TraceEnd): TracedPacket => {
    open.delete(id);
    const direction = packet.packet.iif === interfaces.wan ? "in" : "out";
    return { seq: packet.seq, direction, packet: packet.packet, last: packet.last, hops: packet.hops, end };
  };
  const unseen = (id: string, packet: Open) => finish(id, packet, { kind: "unseen", after: packet.lastChain });

  function feed(event: TraceEvent, now: number): TracedPacket[] {
    const ours = event.family === TRACE_FAMILY && event.table === TRACE_TABLE;
    const finished: TracedPacket[] = [];
    let current = open.get(event.id);
    // Every chain visit starts with a `packet:` line: one in a marking chain the packet already passed is a new packet.
    const marking = ours && !LAST_CHAINS.has(event.chain);
    if (marking && (!current || (event.kind === "packet" && current.passed.has(event.chain)))) {
      if (current) finished.push(unseen(event.id, current));
      current = { seq: ++seq, packet: {}, last: {}, hops: [], passed: new Set(), lastAt: now };
      open.set(event.id, current);
    }
    if (!current) return finished; // a packet someone else traces
    current.lastAt = now;
    current.lastChain = { family: event.family, table: event.table, chain: event.chain };
    if (ours) current.passed.add(event.chain);
    if (event.kind === "packet") {
      if (!current.packet.iif) current.packet = event.packet;
      current.last = event.packet;
      if (!ours) hopFor(current, event);
      return finished;
    }
    if (ours) {
      if (event.kind === "policy" && event.chain === "postrouting") {
        const oif = current.last.oif ?? "";
        const to = oif === interfaces.wan ? "wan" : interfaces.lan.includes(oif) ? "lan" : "other";
        finished.push(finish(event.id, current, { kind: "left", oif, to }));
      } else if (event.kind === "policy" && event.chain === "input") {
        finished.push(finish(event.id, current, { kind: "local" }));
      }
      return finished;
    }
    const hop = hopFor(current, event);
    if (event.kind === "rule" && event.verdict === "continue") return finished;
    hop.verdict = event.verdict;
    hop.by = event.kind === "return" ? "end" : event.kind;
    if (event.kind === "rule") Object.assign(hop, event.rule === undefined ? { handle: event.handle } : { rule: event.rule });
    const at = { family: event.family, table: event.table, chain: event.chain };
    if (event.verdict === "drop") {
      const by = event.kind === "policy" ? "policy" : "rule";
      const reject = /\breject\b/.test(hop.rule ?? "");
      finished.push(finish(event.id, current, { kind: "dropped", at, by, rule: hop.rule, handle: hop.handle, reject }));
    } else if (FINAL_VERDICTS.has(event.verdict)) {
      finished.push(finish(event.id, current, { kind: "taken", at, verdict: event.verdict }));
    }
    return finished;
  }

  return {
    feed,
    expire: (now, quietMs) =>
      [...open].filter(([, packet]) => now - packet.lastAt >= quietMs).map(([id, packet]) => unseen(id, packet)),
    flush: () => [...open].map(([id, packet]) => unseen(id, packet)),
  };
}

/** The hop of the chain this event is in: the last one if the packet is still there, else a new one. */
function hopFor(packet: Open, ref: ChainRef): Hop {
  const last = packet.hops.at(-1);
  if (last && last.family === ref.family && last.table === ref.table && last.chain === ref.chain) return last;
  const hop: Hop = { family: ref.family, table: ref.table, chain: ref.chain, verdict: "continue", by: "end" };
  packet.hops.push(hop);
  return hop;
}

/** Packets that took the same path: same direction, endpoints, protocol, ports, hops and end. */
export function pathKey(packet: TracedPacket): string {
  const { saddr, daddr, protocol, sport, dport } = packet.packet;
  const hops = packet.hops.map((h) => `${h.family} ${h.table} ${h.chain} ${h.verdict} ${h.rule ?? h.handle ?? ""}`);
  return JSON.stringify([packet.direction, saddr, daddr, protocol, sport, dport, hops, packet.end]);
}
