// The conntrack script kept running by a long-lived panel: each query then costs a line on a pipe, not Python's
// start (~60 ms of a Save that checks for open connections first, and again for the cut after it). Opt-in, by
// the process that lives long (`lintas serve`, the Next server's instrumentation); one-shot CLI verbs never keep
// one. One program per network namespace, started on first use through the namespace's runner, started again
// after it dies. A query it does not answer in time, or loses when it dies, is run by the one-shot script
// instead, so a keeper can only make a query faster, never fail it. It cannot outlive the panel: it exits when
// its stdin closes, and the panel kills it when it exits.
import { statSync } from "node:fs";
import type { Socket } from "node:net";
import type { KeptProgram, RunResult, Runner } from "./exec";

export type KeeperOptions = {
  /** How long a query may take before it is run one-shot instead (the keeper is then ended and started again). */
  timeoutMs?: number;
};

const DEFAULT_TIMEOUT_MS = 5_000;

type Keeping = { timeoutMs: number; keepers: Map<string, Keeper> };

// On globalThis: `lintas serve` runs the CLI's bundle and Next's in one process, each with its own copy of this
// module; both must see the one opt-in and share the one keeper per namespace.
const SHARED = Symbol.for("lintas.ctnetlink-keepers");
const shared = globalThis as { [SHARED]?: Keeping };

/** From now on this process keeps a conntrack query program per namespace (call once it is known to live long). */
export function keepConntrackQueries(options: KeeperOptions = {}): void {
  if (!shared[SHARED]) process.once("exit", stopAll);
  shared[SHARED] = { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, keepers: shared[SHARED]?.keepers ?? new Map() };
}

/** Ends every kept program and goes back to one-shot queries. */
export function stopKeepingConntrackQueries(): void {
  stopAll();
  delete shared[SHARED];
}

/** The process id of the program kept for the runner's namespace, if one runs (tests and diagnostics). */
export function keptProgramPid(runner: Runner): number | undefined {
  const key = namespaceKey(runner);
  return key === undefined ? undefined : shared[SHARED]?.keepers.get(key)?.pid;
}

/** Whether queries through `runner` go to a kept program (this process opted in, and the runner can start one). */
export function keepsQueries(runner: Runner): boolean {
  return shared[SHARED] !== undefined && runner.start !== undefined;
}

/**
 * `words` asked of the program kept for the runner's namespace (started with `serveArgv` if none runs), or of
 * `oneShot` when it does not answer (or no program can be kept: not opted in, the namespace gone).
 */
export async function askKept(runner: Runner, serveArgv: string[], words: string[], oneShot: () => Promise<RunResult>): Promise<RunResult> {
  const keeping = shared[SHARED];
  const key = keeping && runner.start ? namespaceKey(runner) : undefined;
  if (!keeping || key === undefined) return oneShot();
  let keeper = keeping.keepers.get(key);
  if (!keeper) {
    // A namespace deleted and made again under the same name is a new one: its old keeper looks at the old.
    for (const [other, stale] of keeping.keepers) if (other.startsWith(`${runner.netns ?? ""} `)) stale.end();
    const started = new Keeper(runner.start!(serveArgv), () => keeping.keepers.get(key) === started && keeping.keepers.delete(key));
    keeping.keepers.set(key, (keeper = started));
  }
  return (await keeper.ask(words, keeping.timeoutMs)) ?? oneShot();
}

function stopAll(): void {
  for (const keeper of shared[SHARED]?.keepers.values() ?? []) keeper.end();
}

/** The namespace's name and inode; undefined when it is gone (the one-shot then says so). */
function namespaceKey(runner: Runner): string | undefined {
  try {
    return `${runner.netns ?? ""} ${statSync(runner.netns ? `/run/netns/${runner.netns}` : "/proc/self/ns/net").ino}`;
  } catch {
    return undefined;
  }
}

type Pending = { stdout: string[]; stderr: string[]; settle(answer: RunResult | undefined): void };

/** One kept program: requests "ID WORDS..." a line, answers "ID +OUT", "ID !ERR", "ID =CODE" (see the script). */
class Keeper {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private partial = "";
  private gone = false;

  constructor(
    private readonly program: KeptProgram,
    private readonly forget: () => void,
  ) {
    // The panel's own work keeps it alive, never this program (a pending query's timer does, while it waits).
    program.unref();
    (program.stdout as Socket).unref();
    (program.stdin as Socket).unref();
    program.stdin.on("error", () => this.end());
    program.stdout.setEncoding("utf8").on("data", (chunk: string) => this.read(chunk));
    program.on("error", () => this.died());
    program.on("exit", () => this.died());
  }

  get pid() {
    return this.gone ? undefined : this.program.pid;
  }

  /** The answer, or undefined when the program died or took longer than `timeoutMs` (then ended). */
  ask(words: string[], timeoutMs: number): Promise<RunResult | undefined> {
    if (this.gone) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.end(), timeoutMs);
      this.pending.set(id, {
        stdout: [],
        stderr: [],
        settle: (answer) => {
          clearTimeout(timer);
          this.pending.delete(id);
          resolve(answer);
        },
      });
      this.program.stdin.write(`${id} ${words.join(" ")}\n`);
    });
  }

  /** Kills the program; what it had not answered is answered one-shot. */
  end(): void {
    if (!this.gone) this.program.kill("SIGKILL");
    this.died();
  }

  private died(): void {
    if (!this.gone) this.forget();
    this.gone = true;
    for (const request of [...this.pending.values()]) request.settle(undefined);
  }

  private read(chunk: string): void {
    const lines = (this.partial + chunk).split("\n");
    this.partial = lines.pop()!;
    for (const line of lines) {
      const space = line.indexOf(" ");
      const request = this.pending.get(Number(line.slice(0, space)));
      const text = line.slice(space + 2);
      if (!request) continue; // answered one-shot already
      if (line[space + 1] === "+") request.stdout.push(text);
      else if (line[space + 1] === "!") request.stderr.push(text);
      else request.settle({ code: Number(text), stdout: request.stdout.map((out) => `${out}\n`).join(""), stderr: request.stderr.map((err) => `${err}\n`).join("") });
    }
  }
}
