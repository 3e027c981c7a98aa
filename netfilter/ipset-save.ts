// `ipset save` of some of Lintas's sets only, in one ipset: its command mode takes one command a line. A bare
// `ipset save` dumps every set of the namespace: the blocked attempts' (1,024 pairs each at most) and the host's.
import type { RunResult, Runner } from "./exec";
import { listedIpsets } from "./ipset";

/**
 * What `ipset save NAME` prints for each of Lintas's sets that `pick` chooses, without the command mode's prompts;
 * empty when there are none (or no ipset). A set an apply destroys between the listing and the save fails every
 * save after it in that ipset: the sets are then listed and saved again, once.
 */
export async function saveIpsets(runner: Runner, pick: (name: string) => boolean): Promise<RunResult> {
  for (let tries = 1; ; tries++) {
    const listed = await runner.run(["ipset", "list", "-n"]);
    const names = listed.code === 0 ? listedIpsets(listed.stdout).filter(pick) : [];
    if (names.length === 0) return { code: 0, stdout: "", stderr: "" };
    const saved = await runner.run(["ipset", "-"], Promise.resolve(names.map((name) => `save ${name}\n`).join("")));
    if (tries === 1 && /The set with the given name does not exist/.test(saved.stderr)) continue;
    return { ...saved, stdout: saved.stdout.replace(/^(ipset> )+/gm, "") };
  }
}
