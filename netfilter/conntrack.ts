// Cuts open flows of protocols whose switch changed, by deleting their conntrack entries: with Off the next
// packet meets the drop rules as a new flow; with On a new entry gets the helper. One query for all flows,
// filtered in the kernel and run in parallel (ctnetlink.ts), so unrelated entries cost nothing.
import { conntrackTally } from "./ctnetlink";
import type { Runner } from "./exec";
import { flowQueries } from "./flows";
import type { ProtocolSpec } from "./protocols";

/** Deletes the entries of every flow of `protocols`; returns how many were deleted. */
export async function cutFlows(runner: Runner, protocols: readonly ProtocolSpec[]): Promise<number> {
  const queries = flowQueries(protocols);
  if (queries.length === 0) return 0;
  const deleted = await conntrackTally(runner, "delete", queries.map((q) => q.filter));
  return deleted.reduce((sum, n) => sum + n, 0);
}
