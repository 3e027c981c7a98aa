// The bench's table: one row per figure, with its same-run anchor, the ratio, the target and a verdict. It
// judges and prints; it never fails the run.
import { duration, p50, p95, type Samples } from "./stats";

export type Verdict = "PASS" | "FAIL" | "—" | "ERROR";
export type Row = { what: string; measured: string; anchor: string; ratio: string; target: string; verdict: Verdict };

const spread = (samples: Samples) => `p50 ${duration(p50(samples))}, p95 ${duration(p95(samples))} (n=${samples.length})`;
const times = (ratio: number) => `${ratio.toFixed(ratio < 10 ? 2 : 1)}×`;
const judge = (pass: boolean | undefined): Verdict => (pass === undefined ? "—" : pass ? "PASS" : "FAIL");

/** Medians compared: `measured` p50 over `anchor` p50, judged against `limit`× when there is one. */
export function ratioRow(what: string, measured: Samples, anchorName: string, anchor: Samples, limit?: number): Row {
  const ratio = p50(measured) / p50(anchor);
  return {
    what,
    measured: spread(measured),
    anchor: `${anchorName}: ${spread(anchor)}`,
    ratio: times(ratio),
    target: limit === undefined ? "" : `≤ ${limit}× (p50)`,
    verdict: judge(limit === undefined ? undefined : ratio <= limit),
  };
}

/** p95 against a budget derived from the anchor's p95: `factor`× anchor + `plusMs`. */
export function budgetRow(what: string, measured: Samples, anchorName: string, anchor: Samples, factor: number, plusMs: number): Row {
  const budget = factor * p95(anchor) + plusMs;
  return {
    what,
    measured: spread(measured),
    anchor: `${anchorName}: ${spread(anchor)}`,
    ratio: `${times(p95(measured) / p95(anchor))} (p95)`,
    target: `p95 ≤ ${factor}× + ${plusMs} ms = ${duration(budget)}`,
    verdict: judge(p95(measured) <= budget),
  };
}

/** A timing with an absolute limit on its p95, the anchor shown for scale. */
export function limitRow(what: string, measured: Samples, limitMs: number, anchorName: string, anchor: Samples): Row {
  return {
    what,
    measured: spread(measured),
    anchor: `${anchorName}: ${spread(anchor)}`,
    ratio: `${times(p95(measured) / p95(anchor))} (p95)`,
    target: `p95 ≤ ${duration(limitMs)}`,
    verdict: judge(p95(measured) <= limitMs),
  };
}

/** A timing shown for where the time goes, with no anchor and no target. */
export function detailRow(what: string, measured: Samples): Row {
  return { what, measured: spread(measured), anchor: "", ratio: "", target: "", verdict: "—" };
}

/** A figure that is not a duration (memory, bytes), with an optional upper limit. */
export function valueRow(what: string, measured: string, value: number, limit?: { max: number; text: string }): Row {
  return { what, measured, anchor: "", ratio: "", target: limit?.text ?? "", verdict: judge(limit && value <= limit.max) };
}

/** A row that could not be measured in this run, and why. */
export function errorRow(what: string, error: unknown): Row {
  const message = error instanceof Error ? error.message : String(error);
  return { what, measured: `not measured: ${message.split("\n")[0]}`, anchor: "", ratio: "", target: "", verdict: "ERROR" };
}

/** The rows as a Markdown table; a column no row fills is left out. */
export function markdownTable(rows: Row[]): string {
  const columns = ([
    ["what", (r) => r.what],
    ["measured", (r) => r.measured],
    ["same-run anchor", (r) => r.anchor],
    ["ratio", (r) => r.ratio],
    ["target", (r) => r.target],
    ["verdict", (r) => r.verdict],
  ] as [string, (r: Row) => string][]).filter(([, cell]) => rows.some((r) => cell(r) !== "" && cell(r) !== "—"));
  const line = (cells: string[]) => `| ${cells.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
  return [
    line(columns.map(([title]) => title)),
    line(columns.map(() => "---")),
    ...rows.map((r) => line(columns.map(([, cell]) => cell(r)))),
  ].join("\n");
}
