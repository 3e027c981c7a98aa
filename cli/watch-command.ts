// `lintas watch`: the watcher alone, for a router without the panel (`lintas serve` runs the same one). Runs
// until SIGTERM or SIGINT, then stops nft monitor and waits for a repair under way before exiting.
import { InputError } from "../lib/errors";
import { startKernelTrafficSampler } from "../lib/traffic/start";
import { startWatcher } from "../lib/watch/watcher";
import { backendFlag, parseArgs } from "./args";

export async function watchCommand(words: string[]): Promise<{ output: string; code: number }> {
  const { positionals, flags } = parseArgs(words, ["backend"], []);
  if (positionals.length) throw new InputError(`watch takes no words, got "${positionals.join(" ")}"`);
  const watcher = startWatcher({ host: "lintas watch", backend: backendFlag(flags), log: watchLog });
  const sampler = startKernelTrafficSampler({ backend: backendFlag(flags) });
  await untilSignalled();
  sampler.stop();
  await watcher.stop();
  return { output: "", code: 0 };
}

/** One line per event, prefixed like every Lintas message; journald adds the time. */
export const watchLog = (line: string) => process.stderr.write(`lintas: watcher: ${line}\n`);

export function untilSignalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => resolve(signal));
  });
}
