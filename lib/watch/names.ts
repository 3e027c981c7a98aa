// The watcher's second timer: the scopes' names resolved again every few minutes (re-resolve.ts re-applies when
// they moved). A resolver that fails is logged once, until the name resolves again: a DNS outage of an hour is
// one line, not twelve, and the name keeps its last addresses meanwhile.
import type { Translator } from "../i18n";
import { reResolveNames } from "../passthrough/re-resolve";
import type { RouterOptions } from "../passthrough/types";
import { describeRepair } from "../repair-text";

export const RESOLVE_EVERY_MS = 5 * 60_000;

/** One look at the names, remembering between looks which names' resolvers were failing. */
export function nameChecker(options: RouterOptions, log: (line: string) => void, t: Translator): () => Promise<void> {
  let failing = new Set<string>();
  return async () => {
    let check;
    try {
      check = await reResolveNames(options);
    } catch (error) {
      return log(`could not resolve the scopes' names again: ${(error as Error).message}`);
    }
    for (const { name, error } of check.failing) {
      if (!failing.has(name)) log(`cannot resolve ${name} (${error}): it keeps its last addresses until it resolves again`);
    }
    failing = new Set(check.failing.map(({ name }) => name));
    if (check.report) log(`${describeRepair({ cause: { trigger: "names", moved: check.moved }, found: [] }, t)} (re-applied in ${Math.round(check.report.timings.totalMs)} ms)`);
  };
}

/** Looks at start (names may have moved while no watcher ran) and every `everyMs`, one look at a time. */
export function startNameChecks(options: RouterOptions, log: (line: string) => void, t: Translator, everyMs = RESOLVE_EVERY_MS): { stop(): Promise<void> } {
  const check = nameChecker(options, log, t);
  let running = check();
  const timer = setInterval(() => (running = running.then(check)), everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
