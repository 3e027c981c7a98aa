// Cuts open flows of protocols whose switch changed, by deleting their conntrack entries: with Off the next
// packet meets the drop rules as a new flow; with On a new entry gets the helper.
import { firstLine, type Runner } from "./exec";
import type { ProtocolSpec } from "./protocols";

/** Deletes the entries of every flow of `protocols`; returns how many were deleted. */
export async function cutFlows(runner: Runner, protocols: readonly ProtocolSpec[]): Promise<number> {
  let deleted = 0;
  for (const spec of protocols) {
    for (const flow of spec.flows) {
      const filter = "port" in flow.match
        ? ["-p", flow.match.l4proto, "--orig-port-dst", String(flow.match.port)]
        : ["-p", flow.match.l4proto];
      const result = await runner.run(["conntrack", "-D", ...filter]);
      // conntrack exits 1 when nothing matched; its summary line says how many were deleted either way.
      const count = /(\d+) flow entries have been deleted/.exec(result.stderr);
      if (!count) throw new Error(`conntrack could not delete ${spec.title} ${flow.label} flows: ${firstLine(result.stderr)}`);
      deleted += Number(count[1]);
    }
  }
  return deleted;
}
