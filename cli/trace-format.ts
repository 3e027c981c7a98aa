// Plain-text output of `lintas trace`: a header, one block per packet that took a new path (as it finishes),
// and a summary counting the packets of each path.
import { protocolSpec } from "../netfilter";
import type { TraceResult, TraceStart, PacketView } from "../lib/trace";

export function formatTraceHeader(start: TraceStart): string {
  const spec = protocolSpec(start.protocol);
  const flows = spec.flows.map((f) => f.label.replace(/ \(.*\)$/, "")).join(", ");
  const who = start.from ? `${start.from} on the LAN` : "the LAN";
  const lines = [
    `tracing ${spec.title} (${flows}) from ${who} (${start.lanInterfaces.join(", ")}) and back from the WAN (${start.wanInterface}) for ${start.seconds} s; Ctrl-C stops`,
  ];
  if (start.removedLeftover) {
    const by = start.removedLeftover.pid ? ` by process ${start.removedLeftover.pid}, which is no longer running` : "";
    lines.push(`removed the trace table left behind${by}`);
  }
  return lines.join("\n");
}

export function formatPacketBlock(view: PacketView): string {
  const tableWidth = Math.max(0, ...view.hops.map((h) => h.table.length));
  const chainWidth = Math.max(0, ...view.hops.map((h) => h.chain.length));
  return [
    `#${view.seq}  ${view.direction}  ${view.flow}`,
    ...view.hops.map((h) => `    ${h.table.padEnd(tableWidth)}  ${h.chain.padEnd(chainWidth)}  ${h.verdict}${h.rule ? `: ${h.rule}` : ""}`),
    ...view.nat.map((words) => `    ${words}`),
    `    => ${view.end}`,
  ].join("\n");
}

/** The packets grouped by path, in the order each path first appeared, with how many took it. */
export type PathCount = { view: PacketView; count: number };

export function formatTraceSummary(result: TraceResult, paths: PathCount[], noneWords: string): string {
  const why = result.stoppedBy === "time" ? `after ${result.seconds} s` : "early (signal)";
  if (paths.length === 0) return `stopped ${why}: ${noneWords}`;
  const head = `stopped ${why}: ${result.packetCount} packets, ${paths.length} ${paths.length === 1 ? "path" : "paths"}`;
  const width = Math.max(...paths.map((p) => String(p.count).length));
  const rows = paths.map(({ view, count }) => `  ${String(count).padStart(width)}x  ${view.direction}  ${view.flow}  ${view.end}  (#${view.seq})`);
  return [head, ...rows].join("\n");
}
