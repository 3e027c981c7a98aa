// The one place netfilter/ runs programs. A runner optionally enters a named network namespace, so tests and
// the lab drive the same code inside `ip netns` namespaces without touching the root namespace.
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { constants } from "node:os";
import { createInterface } from "node:readline";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { relayed } from "./command-relay";

export type RunResult = { code: number; stdout: string; stderr: string };

/** Every program runs in the C locale and in UTC: what it prints (nft lists a `meta time` as a local date) reads the same on every router. */
const programEnv = () => ({ ...process.env, LC_ALL: "C", TZ: "UTC0" });

export type Runner = {
  /** The namespace commands run in; undefined = the process's own. */
  netns?: string;
  /**
   * Runs a program to its end. With `input`, its stdin is a pipe that gets the text once `input` resolves (and is
   * closed empty if it rejects): the program can start now and wait to be told.
   */
  run(argv: string[], input?: Promise<string>): Promise<RunResult>;
  /** Starts a program that stays: talked to over its stdin and stdout (its stderr is dropped). */
  start?(argv: string[]): KeptProgram;
};

export type KeptProgram = ChildProcessByStdio<Writable, Readable, null>;

/** Runs programs (in `netns` when given); a long-lived process that keeps helper programs runs them through its relay. */
export function commandRunner(netns?: string): Runner {
  const start = (argv: string[]) => {
    const [cmd, ...args] = inNamespace(netns, argv);
    return spawn(cmd!, args, { stdio: ["pipe", "pipe", "ignore"], env: programEnv() });
  };
  return {
    netns,
    run: (argv, input) => relayed({ netns, start }, argv, input, () => spawnCollect(inNamespace(netns, argv), input)),
    start,
  };
}

const inNamespace = (netns: string | undefined, argv: string[]) => (netns ? ["ip", "netns", "exec", netns, ...argv] : argv);

export type Follower = {
  /** Ends the program (SIGTERM); `exited` settles once it is gone. */
  stop(): void;
  exited: Promise<{ code: number; stderr: string }>;
};

/** Starts a long-running program in the runner's namespace and hands `onLine` each line it prints, as it comes. */
export function followLines(runner: Pick<Runner, "netns">, argv: string[], onLine: (line: string) => void): Follower {
  const [cmd, ...args] = inNamespace(runner.netns, argv);
  const child = spawn(cmd!, args, { stdio: ["ignore", "pipe", "pipe"], env: programEnv() });
  let pending = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop()!;
    for (const line of lines) onLine(line);
  });
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<{ code: number; stderr: string }>((resolve) => {
    child.on("error", (err) => resolve({ code: 127, stderr: err.message }));
    child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
  return { stop: () => void child.kill("SIGTERM"), exited };
}

function spawnCollect(argv: string[], input?: Promise<string>): Promise<RunResult> {
  return new Promise((resolve) => {
    const [cmd, ...args] = argv;
    // stdin ignored unless asked for: nft and iptables-restore read files, never a Node socketpair stdin.
    const child = spawn(cmd!, args, { stdio: [input ? "pipe" : "ignore", "pipe", "pipe"], env: programEnv() });
    if (input) {
      // A program that ended first (or never started) has nobody reading: its result says why.
      child.stdin!.on("error", () => undefined);
      input.then(
        (text) => child.stdin!.end(text),
        () => child.stdin!.end(),
      );
    }
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    child.on("error", (err) => resolve({ code: 127, stdout, stderr: err.message }));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** A long-running program whose output is read line by line (`nft monitor`). */
export type Followed = {
  pid?: number;
  /** Settles when the program has ended: its exit code as a shell gives it (127: could not start, 128+n: signal n), and its complaint. */
  ended: Promise<{ code: number; stderr: string }>;
  /** Ends it (SIGTERM) and waits until it has. */
  stop(): Promise<void>;
};

/** Starts `argv` (in `netns` when given) and hands each line it prints to `onLine`, as it comes. */
export function follow(argv: string[], onLine: (line: string) => void, netns?: string): Followed {
  const [cmd, ...args] = netns ? ["ip", "netns", "exec", netns, ...argv] : argv;
  const child = spawn(cmd!, args, { stdio: ["ignore", "pipe", "pipe"], env: programEnv() });
  createInterface({ input: child.stdout }).on("line", onLine);
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const ended = new Promise<{ code: number; stderr: string }>((resolve) => {
    child.on("error", (err) => resolve({ code: 127, stderr: err.message }));
    child.on("close", (code, signal) => resolve({ code: code ?? 128 + (signal ? constants.signals[signal] : 0), stderr }));
  });
  return {
    pid: child.pid,
    ended,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await ended;
    },
  };
}

/** Runs `use` with a private temp file holding `content`, removed afterwards. */
export async function withTempFile<T>(name: string, content: string, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "lintas-"));
  const file = path.join(dir, name);
  try {
    await writeFile(file, content, { mode: 0o600 });
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** First line of a tool's complaint, for messages. */
export function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}
