// Cuts open flows of protocols whose switch changed, by deleting their conntrack entries: with Off the next
// packet meets the drop rules as a new flow; with On a new entry gets the helper. One query for all flows,
// filtered in the kernel and run in parallel (ctnetlink.ts), so unrelated entries cost nothing.
import { conntrackTally } from "./ctnetlink";
import type { Runner } from "./exec";
import { flowQueries } from "./flows";
import type { ProtocolSpec } from "./protocols";

/** Deletes the entries of every flow of `protocols`; returns how many were deleted. */
export async function cutFlows(runner: Runner, protocols: readonly ProtocolSpec[]): Promise<number> {
  const filters = filtersOf(protocols);
  return filters.length === 0 ? 0 : total(conntrackTally(runner, "delete", filters));
}

export type FlowCut = {
  /** Cuts the flows of the protocols once they are known (none: nothing is done); how many entries it deleted. */
  cut(protocols: Promise<readonly ProtocolSpec[]>): Promise<number>;
};

/** A cut started before it knows what to cut: the program that deletes starts now, so its start overlaps the caller's work. */
export function startFlowCut(runner: Runner): FlowCut {
  let tell!: (protocols: Promise<readonly ProtocolSpec[]>) => void;
  const deleted = total(conntrackTally(runner, "delete", new Promise<readonly ProtocolSpec[]>((resolve) => (tell = resolve)).then(filtersOf)));
  return { cut: (protocols) => (tell(protocols), deleted) };
}

const filtersOf = (protocols: readonly ProtocolSpec[]) => flowQueries(protocols).map((q) => q.filter);
const total = async (tally: Promise<number[]>) => (await tally).reduce((sum, n) => sum + n, 0);
