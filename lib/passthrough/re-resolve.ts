// The scopes' names looked up again (the watcher does it every few minutes): a server's host name that now
// resolves elsewhere, a device that took another address. When any name stands for other addresses than the
// kernel's sets hold, the stored config is re-applied through the one pipeline, audited as a repair that says
// which names moved.
import type { ScopeNames } from "../../netfilter";
import { withApplyLock } from "../apply-lock";
import { loadApplied, loadConfig } from "../settings";
import { environment } from "./environment";
import { applyPipeline, reconcilePending } from "./pipeline";
import { resolveScopeNames } from "./scope-names";
import type { ApplyReport, RouterOptions } from "./types";

/** A name that resolves to other addresses than at the last apply (none: it resolves to nothing now). */
export type MovedName = { name: string; addresses: string[] };
/** `failing`: host names whose resolver failed, keeping their last addresses; `report`: the re-apply, when names moved. */
export type NameCheck = { moved: MovedName[]; failing: { name: string; error: string }[]; report?: ApplyReport };

export function reResolveNames(options: RouterOptions = {}): Promise<NameCheck> {
  return withApplyLock(
    async (): Promise<NameCheck> => {
      await reconcilePending(options);
      const stored = loadConfig();
      const { network, passthrough } = stored;
      const applied = loadApplied();
      if (!network || !applied) return { moved: [], failing: [] };
      const desired = { network, passthrough };
      const env = await environment(options);
      const resolution = await resolveScopeNames(desired, undefined, env.runner, options.lookupHost, applied.names);
      const failing = resolution.kept;
      const moved = movedNames(applied.names, resolution.names);
      if (moved.length === 0) return { moved, failing };
      // The config is the stored one (previous: itself), so no open flow is cut: a flow to an address a name no
      // longer stands for meets the new set at its next packet, and the others (round-robin DNS) go on.
      const repair = { cause: { trigger: "names" as const, moved }, found: [] };
      const report = await applyPipeline({ desired, previous: stored, interfacesMustExist: false, repair }, options);
      return { moved, failing, report };
    },
    (check) => check.report?.flowsCut ?? Promise.resolve(),
  );
}

const sameAddresses = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

function movedNames(last: ScopeNames, now: ScopeNames): MovedName[] {
  return (["devices", "hosts"] as const).flatMap((table) =>
    Object.entries(now[table]).flatMap(([name, addresses]) => (sameAddresses(last[table][name], addresses) ? [] : [{ name, addresses }])),
  );
}
