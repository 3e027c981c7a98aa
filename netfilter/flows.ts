// Open VPN flows: only the catalogue's flows are asked of the kernel (filtered there, see ctnetlink.ts: by the ct
// mark Lintas's rules set, or by port), so an admin sees who on the LAN talks to which VPN server right now, and
// whether the PPTP helper is attached, at a cost that grows little with the rest of the conntrack table.
import { decodeEntry, type ConntrackEntry, type Counter } from "./conntrack-entry";
import { conntrackList, conntrackTally, type ConntrackFilter, type Strategy } from "./ctnetlink";
import type { Runner } from "./exec";
import { PROTOCOLS, type Flow, type ProtocolId, type ProtocolSpec } from "./protocols";

export type VpnFlow = {
  protocol: ProtocolId;
  flow: string;
  /** The LAN side (original source). */
  client: string;
  /** The remote VPN server (original destination). */
  server: string;
  /** Ports or GRE keys, e.g. "40000 -> 1723", "key 0x7 -> 0x4000". */
  detail: string;
  /** Where the server's replies go: the router's address when NATed. */
  replyTo: string;
  state?: string;
  replied: boolean;
  helper?: string;
  timeout: number;
  /** The kernel's id of the entry. */
  id?: number;
  /** Packets and bytes each way: absent unless the kernel counts them (net.netfilter.nf_conntrack_acct). */
  counters?: { original: Counter; reply: Counter };
  /** When the flow began (ms since the epoch): absent unless net.netfilter.nf_conntrack_timestamp is on. */
  startedAt?: number;
};

const IP_PROTOCOL_NUMBERS: Record<Flow["match"]["l4proto"], number> = { tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51 };
const GRE = 47;

/** Every flow of `protocols` with the kernel filter that finds its entries. */
export function flowQueries(protocols: readonly ProtocolSpec[] = PROTOCOLS) {
  return protocols.flatMap((spec) =>
    spec.flows.map((flow) => ({ protocol: spec.id, flow: flow.id, filter: flowFilter(flow.match) })),
  );
}

/** The kernel filter that finds a flow's conntrack entries: its IP protocol, and its port where it has one. */
export function flowFilter(match: Flow["match"]): ConntrackFilter {
  const proto = IP_PROTOCOL_NUMBERS[match.l4proto];
  return "port" in match ? { proto, port: match.port } : { proto };
}

/** What the flows view shows of any conntrack entry: the two ends, ports or GRE keys, NAT, state, counters. */
export type FlowFields = Omit<VpnFlow, "protocol" | "flow">;

export function flowFields(entry: ConntrackEntry): FlowFields {
  const { original: o } = entry;
  const key = (n?: number) => `0x${(n ?? 0).toString(16)}`;
  const detail =
    entry.l4protoNumber === GRE ? `key ${key(o.sport)} -> ${key(o.dport)}` : o.sport !== undefined ? `${o.sport} -> ${o.dport}` : "";
  return {
    client: o.src,
    server: o.dst,
    detail,
    replyTo: entry.reply.dst,
    ...(entry.state ? { state: entry.state } : {}),
    replied: entry.replied,
    ...(entry.helper ? { helper: entry.helper } : {}),
    timeout: entry.timeout,
    ...(entry.id === undefined ? {} : { id: entry.id }),
    ...(entry.counters ? { counters: entry.counters } : {}),
    ...(entry.startedAt ? { startedAt: entry.startedAt } : {}),
  };
}

/** One entry of a catalogue flow, in the words the flows view shows. */
export function vpnFlow(protocol: ProtocolId, flow: string, entry: ConntrackEntry): VpnFlow {
  return { protocol, flow, ...flowFields(entry) };
}

export type FlowsPage = { flows: VpnFlow[]; total: number };

export const byProtocolFlowClient = (a: VpnFlow, b: VpnFlow) =>
  a.protocol.localeCompare(b.protocol) || a.flow.localeCompare(b.flow) || a.client.localeCompare(b.client);

/**
 * The open VPN flows, sorted by protocol, flow and client; `offset`/`limit` page through them. `strategy`: "marked"
 * where Lintas's rules mark the flows (the caller knows), else found by port among all entries.
 */
export async function listVpnFlows(runner: Runner, page: { offset?: number; limit?: number } = {}, strategy: Strategy = "auto"): Promise<FlowsPage> {
  const queries = flowQueries();
  const found = await conntrackList(runner, queries.map((q) => q.filter), strategy);
  const flows = queries
    .flatMap((q, i) => found[i]!.map((message) => vpnFlow(q.protocol, q.flow, decodeEntry(message))))
    .sort(byProtocolFlowClient);
  const offset = page.offset ?? 0;
  return { flows: flows.slice(offset, page.limit === undefined ? undefined : offset + page.limit), total: flows.length };
}

/**
 * Some of the open flows of `protocols`: at most `perFlow` entries of each catalogue flow, so a page can say who
 * uses a protocol; `truncated` names the protocols that had more. Without the marks ("auto"), asked the cheaper
 * way for the table's size: a large table is filtered in the kernel, so only the matching entries leave it; a small one is
 * walked once (each filtered walk passes all 262,144 buckets: 2 flows x 2 families took 41 ms against 10 ms).
 */
export async function sampleVpnFlows(
  runner: Runner,
  protocols: readonly ProtocolSpec[],
  perFlow: number,
  strategy: Strategy = "auto",
): Promise<{ flows: VpnFlow[]; truncated: ProtocolId[] }> {
  const queries = flowQueries(protocols);
  if (queries.length === 0) return { flows: [], truncated: [] };
  const found = await conntrackList(runner, queries.map((q) => q.filter), strategy, perFlow + 1);
  return {
    flows: queries.flatMap((q, i) => found[i]!.slice(0, perFlow).map((message) => vpnFlow(q.protocol, q.flow, decodeEntry(message)))),
    truncated: [...new Set(queries.filter((_, i) => found[i]!.length > perFlow).map((q) => q.protocol))],
  };
}

/** How many flows are open per protocol: counted in the kernel's filtered answers, nothing decoded. */
export async function openFlowCounts(runner: Runner, strategy: Strategy = "auto"): Promise<Record<ProtocolId, number>> {
  const queries = flowQueries();
  const tally = await conntrackTally(runner, "count", queries.map((q) => q.filter), strategy);
  const counts = Object.fromEntries(PROTOCOLS.map((p) => [p.id, 0])) as Record<ProtocolId, number>;
  queries.forEach((q, i) => (counts[q.protocol] += tally[i]!));
  return counts;
}
