// Helper programs kept running by a long-lived panel (the conntrack script, the command relay): each request
// then costs a line on a pipe, not a program's start. Opt-in, by the process that lives long (`lintas serve`, the
// Next server's instrumentation); one-shot CLI verbs never keep one. One program per kind and network namespace,
// started on first use through the namespace's runner, started again after it dies. None can outlive the panel:
// each exits when its stdin closes, and the panel kills them when it exits.
import { statSync } from "node:fs";
import type { Socket } from "node:net";
import type { KeptProgram, Runner } from "./exec";

export type KeepingOptions = {
  /** How long a conntrack query may take before it is run one-shot instead (the script is then ended and started again). */
  timeoutMs?: number;
};

/** `on` once the process opted in (until told to stop); the exit hook that ends the programs is added once. */
type Keeping = { on: boolean; timeoutMs: number; kept: Map<string, Kept> };

const DEFAULT_TIMEOUT_MS = 5_000;

/** The Python the helper scripts run on, kept or one-shot (Debian's python3-minimal; the probe checks it). */
export const PYTHON = "/usr/bin/python3";

// On globalThis: `lintas serve` runs the CLI's bundle and Next's in one process, each with its own copy of this
// module; both must see the one opt-in and share the one program per kind and namespace.
const SHARED = Symbol.for("lintas.kept-programs");
const shared = globalThis as { [SHARED]?: Keeping };

/** From now on this process keeps its helper programs (call once it is known to live long). */
export function keepHelperPrograms(options: KeepingOptions = {}): void {
  if (!shared[SHARED]) process.once("exit", stopAll);
  const keeps = (shared[SHARED] ??= { on: true, timeoutMs: DEFAULT_TIMEOUT_MS, kept: new Map() });
  keeps.on = true;
  keeps.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
}

/** Ends every kept program and goes back to one-shot programs. */
export function stopKeepingHelperPrograms(): void {
  stopAll();
  if (shared[SHARED]) shared[SHARED].on = false;
}

/** This process's keeping, when it opted in. */
const keeping = () => (shared[SHARED]?.on ? shared[SHARED] : undefined);

/** Whether requests through `runner` go to kept programs (this process opted in, and the runner can start one). */
export function keepsPrograms(runner: Pick<Runner, "start">): boolean {
  return keeping() !== undefined && runner.start !== undefined;
}

/** The conntrack query timeout this process keeps its script with. */
export function keptTimeoutMs(): number {
  return keeping()?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
}

/** The process id of the `kind` program kept for the runner's namespace, if one runs (tests and diagnostics). */
export function keptPid(runner: Pick<Runner, "netns">, kind: string): number | undefined {
  const key = namespaceKey(runner, kind);
  return key === undefined ? undefined : keeping()?.kept.get(key)?.pid;
}

/**
 * The `kind` program kept for the runner's namespace, started with `argv` if none runs; undefined when none can
 * be kept (not opted in, the runner cannot start one, the namespace is gone: the one-shot way then says so).
 */
export function keptProgram(runner: Pick<Runner, "netns" | "start">, kind: string, argv: string[]): Kept | undefined {
  const keeps = keeping();
  const key = keeps && runner.start ? namespaceKey(runner, kind) : undefined;
  if (!keeps || key === undefined) return undefined;
  const running = keeps.kept.get(key);
  if (running) return running;
  // A namespace deleted and made again under the same name is a new one: its old program looks at the old.
  for (const [other, stale] of keeps.kept) if (other.startsWith(`${kind} ${runner.netns ?? ""} `)) stale.end();
  const started = new Kept(runner.start!(argv), () => keeps.kept.get(key) === started && keeps.kept.delete(key));
  keeps.kept.set(key, started);
  return started;
}

function stopAll(): void {
  for (const kept of shared[SHARED]?.kept.values() ?? []) kept.end();
}

/** The kind, the namespace's name and inode; undefined when it is gone. */
function namespaceKey(runner: Pick<Runner, "netns">, kind: string): string | undefined {
  try {
    return `${kind} ${runner.netns ?? ""} ${statSync(runner.netns ? `/run/netns/${runner.netns}` : "/proc/self/ns/net").ino}`;
  } catch {
    return undefined;
  }
}

/** A request's answer: its output as the program sent it, a line each, and its exit code. */
export type Answer = { code: number; stdout: string[]; stderr: string[] };

/**
 * The answer, or why there is none: the program died or was ended (`acknowledged`: after it said it had taken
 * the request, so whatever it does may have happened).
 */
export type Outcome = { answer: Answer } | { lost: "unacknowledged" | "acknowledged" };

export type Timeouts = {
  /** The program must say it took the request (its line "ID ^") within this, else it is ended. */
  acknowledgeMs?: number;
  /** Then answer within this, else it is ended. */
  answerMs: number;
};

type Pending = { stdout: string[]; stderr: string[]; acknowledged: boolean; answerMs: number; timer?: NodeJS.Timeout; settle(outcome: Outcome): void };

/**
 * One kept program. It reads one request a line, starting with the id it is given; it answers, a line each,
 * "ID ^" (taken: optional), "ID +OUT", "ID !ERR", and last "ID =CODE".
 */
export class Kept {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private partial: string[] = [];
  private gone = false;
  private killed = false;

  constructor(
    private readonly program: KeptProgram,
    private readonly forget: () => void,
  ) {
    // The panel's own work keeps it alive, never this program (a pending request's timer does, while it waits).
    program.unref();
    (program.stdout as Socket).unref();
    (program.stdin as Socket).unref();
    program.stdin.on("error", () => this.end());
    program.stdout.setEncoding("utf8").on("data", (chunk: string) => this.read(chunk));
    program.on("error", () => this.died());
    // After "close", not "exit": every line it wrote before dying has been read (an acknowledgement included).
    program.on("close", () => this.died());
  }

  get pid() {
    return this.gone ? undefined : this.program.pid;
  }

  /** Sends the request `line(id)` and waits for its outcome. */
  ask(line: (id: number) => string, timeouts: Timeouts): { id: number; outcome: Promise<Outcome> } {
    const id = this.nextId++;
    if (this.gone) return { id, outcome: Promise.resolve({ lost: "unacknowledged" }) };
    const outcome = new Promise<Outcome>((resolve) => {
      const request: Pending = {
        stdout: [],
        stderr: [],
        acknowledged: false,
        answerMs: timeouts.answerMs,
        settle: (outcome) => {
          clearTimeout(request.timer);
          this.pending.delete(id);
          resolve(outcome);
        },
      };
      request.timer = setTimeout(() => this.end(), timeouts.acknowledgeMs ?? timeouts.answerMs);
      this.pending.set(id, request);
      this.program.stdin.write(`${line(id)}\n`);
    });
    return { id, outcome };
  }

  /** Sends a further line about a request already asked (it is not waited for). */
  tell(line: string): void {
    if (!this.gone) this.program.stdin.write(`${line}\n`);
  }

  /** Kills the program; its requests are settled as lost once it is gone. */
  end(): void {
    if (this.gone || this.killed) return;
    this.killed = true;
    this.forget();
    this.program.kill("SIGKILL");
  }

  private died(): void {
    if (!this.gone) this.forget();
    this.gone = true;
    for (const request of [...this.pending.values()]) request.settle({ lost: request.acknowledged ? "acknowledged" : "unacknowledged" });
  }

  private read(chunk: string): void {
    // A long line (a big ruleset's JSON) comes in many chunks: joined once it ends, not split again at each.
    if (!chunk.includes("\n")) return void this.partial.push(chunk);
    const lines = [...this.partial, chunk].join("").split("\n");
    this.partial = [lines.pop()!];
    for (const line of lines) {
      const space = line.indexOf(" ");
      const request = this.pending.get(Number(line.slice(0, space)));
      const text = line.slice(space + 2);
      if (!request) continue; // settled already
      const mark = line[space + 1];
      if (mark === "+") request.stdout.push(text);
      else if (mark === "!") request.stderr.push(text);
      else if (mark === "^") {
        request.acknowledged = true;
        clearTimeout(request.timer);
        request.timer = setTimeout(() => this.end(), request.answerMs);
      } else request.settle({ answer: { code: Number(text), stdout: request.stdout, stderr: request.stderr } });
    }
  }
}
