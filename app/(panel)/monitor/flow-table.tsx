// One table of flows (the passthrough VPNs', or those that need none), laid out from the monitor's words.
import type { FlowRow } from "@/lib/monitor";

export type FlowLabels = Record<"vpn" | "device" | "server" | "detail" | "sent" | "received" | "age" | "nat", string>;

const COLUMNS = ["vpn", "device", "server", "detail", "sent", "received", "age", "nat"] as const;

export function FlowTable({ rows, labels, caption, testId }: { rows: FlowRow[]; labels: FlowLabels; caption: string; testId: string }) {
  return (
    // Focusable, so a keyboard can scroll a wide table.
    <div tabIndex={0} role="region" aria-label={caption} className="overflow-x-auto">
      <table className="min-w-full text-left text-xs" data-testid={testId}>
        <thead className="text-slate-600 dark:text-slate-400">
          <tr>{COLUMNS.map((c) => <th key={c} scope="col" className="py-1 pr-4 font-medium">{labels[c]}</th>)}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100 font-mono dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.key} data-testid="flow-row">
              {COLUMNS.map((c) => <td key={c} className="py-1 pr-4 align-top" translate={c === "nat" ? "yes" : "no"}>{row[c]}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
