// `ipset save` of named sets only, in one ipset: its command mode takes one command a line. A bare `ipset save`
// dumps every set of the namespace: the blocked attempts' (65,535 pairs each at most) and the host's own with them.
import type { RunResult, Runner } from "./exec";

/** What `ipset save NAME` prints for each of `names`, one after the other, without the command mode's prompts. */
export async function saveIpsets(runner: Runner, names: readonly string[]): Promise<RunResult> {
  const saved = await runner.run(["ipset", "-"], Promise.resolve(names.map((name) => `save ${name}\n`).join("")));
  return { ...saved, stdout: saved.stdout.replace(/^(ipset> )+/gm, "") };
}
