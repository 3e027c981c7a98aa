// One conntrack entry as the kernel sends it over ctnetlink (nfgenmsg + attributes), decoded. Pure.
// Attribute numbers are the kernel's uapi (linux/netfilter/nfnetlink_conntrack.h).
import { endianness } from "node:os";

export type Tuple = { src: string; dst: string; sport?: number; dport?: number };

export type ConntrackEntry = {
  family: "ipv4" | "ipv6";
  l4protoNumber: number;
  /** Seconds left. */
  timeout: number;
  /** TCP state, as conntrack prints it. */
  state?: string;
  original: Tuple;
  reply: Tuple;
  assured: boolean;
  replied: boolean;
  helper?: string;
  /** The kernel's id of the entry (stable while it lives). */
  id?: number;
  /** Per direction; only while net.netfilter.nf_conntrack_acct was 1 when the entry was created. */
  counters?: { original: Counter; reply: Counter };
  /** Wall-clock start (ms since the epoch); only with net.netfilter.nf_conntrack_timestamp = 1. */
  startedAt?: number;
};

export type Counter = { packets: number; bytes: number };

const CTA = { tupleOrig: 1, tupleReply: 2, status: 3, protoinfo: 4, help: 5, timeout: 7, countersOrig: 9, countersReply: 10, id: 12, timestamp: 20 } as const;
// CTA_COUNTERS_PACKETS/BYTES and CTA_TIMESTAMP_START: 64-bit, network order.
const COUNTER = { packets: 1, bytes: 2 } as const;
const TIMESTAMP_START = 1;
const TUPLE = { ip: 1, proto: 2 } as const;
const IP = { v4src: 1, v4dst: 2, v6src: 3, v6dst: 4 } as const;
const PROTO = { num: 1, srcPort: 2, dstPort: 3 } as const;
const STATUS = { seenReply: 1 << 1, assured: 1 << 2 } as const;
const AF_INET6 = 10;
// enum tcp_conntrack, as conntrack -L names the states.
const TCP_STATES = ["NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2"];

// Netlink headers are in host byte order; attribute values (ports, addresses, timeouts) in network order.
const little = endianness() === "LE";
const hostU16 = (buf: Buffer, at: number) => (little ? buf.readUInt16LE(at) : buf.readUInt16BE(at));

/** Attributes of one nesting level by type (flag bits stripped); none when the attribute is absent. */
function attributes(buf: Buffer | undefined, start = 0): Map<number, Buffer> {
  const found = new Map<number, Buffer>();
  let at = start;
  while (buf && at + 4 <= buf.length) {
    const size = hostU16(buf, at);
    if (size < 4) break;
    found.set(hostU16(buf, at + 2) & 0x3fff, buf.subarray(at + 4, at + size));
    at += (size + 3) & ~3;
  }
  return found;
}

function tuple(nested: Buffer | undefined): Tuple {
  const parts = attributes(nested);
  const ip = attributes(parts.get(TUPLE.ip));
  const proto = attributes(parts.get(TUPLE.proto));
  const sport = proto.get(PROTO.srcPort)?.readUInt16BE(0);
  const dport = proto.get(PROTO.dstPort)?.readUInt16BE(0);
  return {
    src: address(ip.get(IP.v4src) ?? ip.get(IP.v6src)),
    dst: address(ip.get(IP.v4dst) ?? ip.get(IP.v6dst)),
    ...(sport === undefined ? {} : { sport }),
    ...(dport === undefined ? {} : { dport }),
  };
}

/** The IP protocol number of a tuple. */
const protoNumber = (nested: Buffer | undefined) =>
  attributes(attributes(nested).get(TUPLE.proto)).get(PROTO.num)?.readUInt8(0) ?? 0;

/** Dotted IPv4, or IPv6 in the RFC 5952 short form (as conntrack and ip print it). */
export function address(raw: Buffer | undefined): string {
  if (!raw) return "";
  if (raw.length === 4) return [...raw].join(".");
  const groups = Array.from({ length: 8 }, (_, i) => raw.readUInt16BE(i * 2).toString(16));
  // The longest run of two or more zero groups becomes "::" (the first such run on a tie).
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.at < 0) return groups.join(":");
  return `${groups.slice(0, best.at).join(":")}::${groups.slice(best.at + best.length).join(":")}`;
}

function counter(nested: Buffer | undefined): Counter | undefined {
  if (!nested) return undefined;
  const parts = attributes(nested);
  const read = (kind: number) => Number(parts.get(kind)?.readBigUInt64BE(0) ?? 0n);
  return { packets: read(COUNTER.packets), bytes: read(COUNTER.bytes) };
}

export function decodeEntry(message: Buffer): ConntrackEntry {
  const top = attributes(message, 4);
  const status = top.get(CTA.status)?.readUInt32BE(0) ?? 0;
  // CTA_PROTOINFO > CTA_PROTOINFO_TCP > CTA_PROTOINFO_TCP_STATE; CTA_HELP > CTA_HELP_NAME.
  const tcpState = attributes(attributes(top.get(CTA.protoinfo)).get(1)).get(1)?.readUInt8(0);
  const helper = attributes(top.get(CTA.help)).get(1);
  const original = counter(top.get(CTA.countersOrig));
  const reply = counter(top.get(CTA.countersReply));
  const started = attributes(top.get(CTA.timestamp)).get(TIMESTAMP_START)?.readBigUInt64BE(0);
  const id = top.get(CTA.id)?.readUInt32BE(0);
  return {
    family: message.readUInt8(0) === AF_INET6 ? "ipv6" : "ipv4",
    l4protoNumber: protoNumber(top.get(CTA.tupleOrig)),
    timeout: top.get(CTA.timeout)?.readUInt32BE(0) ?? 0,
    ...(tcpState === undefined ? {} : { state: TCP_STATES[tcpState] ?? String(tcpState) }),
    original: tuple(top.get(CTA.tupleOrig)),
    reply: tuple(top.get(CTA.tupleReply)),
    assured: (status & STATUS.assured) !== 0,
    replied: (status & STATUS.seenReply) !== 0,
    ...(helper ? { helper: helper.toString("latin1").replace(/\0.*$/s, "") } : {}),
    ...(id === undefined ? {} : { id }),
    ...(original && reply ? { counters: { original, reply } } : {}),
    ...(started ? { startedAt: Number(started / 1_000_000n) } : {}),
  };
}
