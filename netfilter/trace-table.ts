// The trace table: `table inet lintas_trace`, which marks one protocol's packets for nftables tracing
// (`meta nftrace set 1`) and watches where they end. Pure: builds the nft JSON batches and reads the owner back.
// A table of its own, so the pipeline's atomic replace of `table inet lintas` and its read-back never see it.
import { isIP } from "node:net";
import { flowExpression, match, meta, names, type NftCommand } from "./nft";
import { protocolSpec, type ProtocolId } from "./protocols";

export const TRACE_FAMILY = "inet";
export const TRACE_TABLE = "lintas_trace";
const table = { family: TRACE_FAMILY, table: TRACE_TABLE } as const;

/**
 * The chains. `mark` runs before every other table (-350: after defragmentation at -400, before raw at -300),
 * so every chain that sees a marked packet is traced. With a LAN address to follow, its replies are marked in
 * `mark_replies` just after conntrack (-200): only there is the connection known, whatever NAT did to the
 * reply's addresses. `input` and `postrouting` run after everything else and hold no rules: a traced packet that
 * reaches them was accepted by every table, and leaves the firewall to the router itself or out of an interface.
 */
export const TRACE_CHAINS = {
  mark: { hook: "prerouting", prio: -350 },
  mark_replies: { hook: "prerouting", prio: -199 },
  input: { hook: "input", prio: 500 },
  postrouting: { hook: "postrouting", prio: 500 },
} as const;
export type TraceChain = keyof typeof TRACE_CHAINS;

/** What to trace: one protocol's flows between the LAN interfaces and the WAN, optionally from one LAN address. */
export type TraceScope = { protocol: ProtocolId; lanInterfaces: string[]; wanInterface: string; from?: string };

/** Who owns the table and until when (epoch ms): kept in the rules' comments, so a later trace can tell a
 *  running trace from one a crash left behind. */
export type TraceOwner = { pid: number; until: number };

// Tracing costs the router a netlink message per chain a packet passes: a busy tunnel is sampled, not flooded.
const SAMPLE = { rate: 25, per: "second", burst: 50 } as const;

const ownerComment = (owner: TraceOwner) => `lintas trace pid ${owner.pid} until ${owner.until}`;

/** The owner written in a rule comment by this module; undefined for anything else. */
export function parseTraceOwner(comment: string | undefined): TraceOwner | undefined {
  const found = /^lintas trace pid (\d+) until (\d+)$/.exec(comment ?? "");
  return found ? { pid: Number(found[1]), until: Number(found[2]) } : undefined;
}

/** One transaction that (re)creates the table: `add` makes the `delete` safe when it is absent. */
export function traceTableBatch(scope: TraceScope, owner: TraceOwner): { nftables: NftCommand[] } {
  const tableRef = { table: { family: TRACE_FAMILY, name: TRACE_TABLE } };
  const chains = Object.entries(TRACE_CHAINS).map(([name, chain]) => ({
    add: { chain: { ...table, name, type: "filter", hook: chain.hook, prio: chain.prio, policy: "accept" } },
  }));
  const rules = markingRules(scope).map(({ chain, expr }) => ({
    add: { rule: { ...table, chain, comment: ownerComment(owner), expr } },
  }));
  return { nftables: [{ add: tableRef }, { delete: tableRef }, { add: tableRef }, ...chains, ...rules] };
}

export function traceRemoveBatch(): { nftables: NftCommand[] } {
  const tableRef = { table: { family: TRACE_FAMILY, name: TRACE_TABLE } };
  return { nftables: [{ add: tableRef }, { delete: tableRef }] };
}

/**
 * Per flow of the protocol: its LAN->WAN packets (by destination port or IP protocol) and the WAN->LAN packets
 * of the same flow (by source port or IP protocol). Following one LAN address, those are its connection's
 * packets: whichever side spoke first (a PPTP server may send GRE before the client), the LAN address is the
 * source of one of the connection's two directions.
 */
function markingRules(scope: TraceScope): { chain: TraceChain; expr: unknown[] }[] {
  const family = scope.from ? (isIP(scope.from) === 6 ? "ip6" : "ip") : undefined;
  const mark = [{ limit: SAMPLE }, { mangle: { key: meta("nftrace"), value: 1 } }];
  const fromWan = match(meta("iifname"), scope.wanInterface);
  return protocolSpec(scope.protocol).flows.flatMap((flow) => {
    const outbound = {
      chain: "mark" as const,
      expr: [
        match(meta("iifname"), names(scope.lanInterfaces)),
        ...(family ? [match({ payload: { protocol: family, field: "saddr" } }, scope.from)] : []),
        flowExpression(flow.match, "dport"),
        ...mark,
      ],
    };
    const inbound = family
      ? (["original", "reply"] as const).map((dir) => ({
          chain: "mark_replies" as const,
          expr: [fromWan, match({ ct: { key: `${family} saddr`, dir } }, scope.from), flowExpression(flow.match, "sport"), ...mark],
        }))
      : [{ chain: "mark" as const, expr: [fromWan, flowExpression(flow.match, "sport"), ...mark] }];
    return [outbound, ...inbound];
  });
}
