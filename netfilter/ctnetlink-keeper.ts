// The conntrack script kept running by a long-lived panel (kept-programs.ts): each query then costs a line on a
// pipe, not Python's start (~60 ms of a Save that checks for open connections first, and again for the cut after
// it). A query it does not answer in time, or loses when it dies, is run by the one-shot script instead, so a
// kept script can only make a query faster, never fail it (its queries read, or delete what is still there).
import type { RunResult, Runner } from "./exec";
import { keptPid, keptProgram, keptTimeoutMs } from "./kept-programs";

const KIND = "conntrack";

/** The process id of the conntrack script kept for the runner's namespace, if one runs (tests and diagnostics). */
export const keptConntrackPid = (runner: Pick<Runner, "netns">) => keptPid(runner, KIND);

/**
 * `words` asked of the script kept for the runner's namespace (started with `serveArgv` if none runs), or of
 * `oneShot` when it does not answer (or none can be kept). It answers "ID +LINE", "ID !LINE", "ID =CODE".
 */
export async function askKept(runner: Runner, serveArgv: string[], words: string[], oneShot: () => Promise<RunResult>): Promise<RunResult> {
  const kept = keptProgram(runner, KIND, serveArgv);
  if (!kept) return oneShot();
  const outcome = await kept.ask((id) => `${id} ${words.join(" ")}`, { answerMs: keptTimeoutMs() }).outcome;
  if (!("answer" in outcome)) return oneShot();
  const lines = (texts: string[]) => texts.map((text) => `${text}\n`).join("");
  return { code: outcome.answer.code, stdout: lines(outcome.answer.stdout), stderr: lines(outcome.answer.stderr) };
}
