// The trace table in the kernel, and `nft monitor` followed live. The table and the events are the runner's
// namespace's own (trace events are per network namespace).
import { firstLine, followLines, withTempFile, type Follower, type Runner } from "./exec";
import { parseRuleHandles, parseTraceLine, type TraceEvent } from "./trace-parse";
import { parseTraceOwner, TRACE_FAMILY, TRACE_TABLE, traceRemoveBatch, traceTableBatch, type TraceOwner, type TraceScope } from "./trace-table";

/** The trace table as it is now: absent, or present with the owner its rules name (none: not one of ours). */
export type TraceTableState = { present: false } | { present: true; owner?: TraceOwner };

export async function readTraceTable(runner: Runner): Promise<TraceTableState> {
  const result = await runner.run(["nft", "-j", "list", "table", TRACE_FAMILY, TRACE_TABLE]);
  if (result.code !== 0) {
    if (/No such file or directory/.test(result.stderr)) return { present: false };
    throw new Error(`cannot read table ${TRACE_FAMILY} ${TRACE_TABLE}: ${firstLine(result.stderr)}`);
  }
  const objects = (JSON.parse(result.stdout) as { nftables: { rule?: { comment?: string } }[] }).nftables;
  const owner = objects.map((o) => parseTraceOwner(o.rule?.comment)).find(Boolean);
  return { present: true, owner };
}

export async function installTraceTable(runner: Runner, scope: TraceScope, owner: TraceOwner): Promise<void> {
  await runNft(runner, traceTableBatch(scope, owner), "install");
}

export async function removeTraceTable(runner: Runner): Promise<void> {
  await runNft(runner, traceRemoveBatch(), "remove");
}

async function runNft(runner: Runner, batch: unknown, what: string): Promise<void> {
  const result = await withTempFile("trace.json", JSON.stringify(batch), (file) => runner.run(["nft", "-j", "-f", file]));
  if (result.code !== 0) throw new Error(`cannot ${what} table ${TRACE_FAMILY} ${TRACE_TABLE}: ${firstLine(result.stderr)}`);
}

/** The rules of one table by handle, for trace lines of rules nft did not know (added after it started). */
export async function ruleTexts(runner: Runner, family: string, table: string): Promise<Map<number, string>> {
  const result = await runner.run(["nft", "-a", "list", "table", family, table]);
  return result.code === 0 ? parseRuleHandles(result.stdout) : new Map();
}

/**
 * Follows `nft monitor`: every trace event goes to `onEvent`, and `onTableAdded` hears each time the trace table
 * is created (proof that the monitor is listening). `timeout` ends nft by itself should this process die first.
 */
export function followTrace(
  runner: Runner,
  maxSeconds: number,
  handlers: { onEvent(event: TraceEvent): void; onTableAdded(): void },
): Follower {
  const added = `add table ${TRACE_FAMILY} ${TRACE_TABLE}`;
  return followLines(runner, ["timeout", String(maxSeconds), "nft", "monitor"], (line) => {
    const event = parseTraceLine(line);
    if (event) handlers.onEvent(event);
    else if (line.trimEnd() === added) handlers.onTableAdded();
  });
}
