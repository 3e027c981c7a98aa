// For the tests of the helper programs a long-lived panel keeps (netfilter/kept-programs.ts): whether a process is
// gone, and a stand-in panel process whose kept program must end with it.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";

const root = path.join(import.meta.dirname, "..", "..");

/** Whether `pid` runs (a zombie does not). */
export function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** Waits up to `ms` for `pid` to be gone; whether it is. */
export async function untilGone(pid: number, ms = 3_000): Promise<boolean> {
  for (const until = Date.now() + ms; alive(pid) && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 20));
  return !alive(pid);
}

/**
 * A panel in `netns`: opts in to kept programs, runs `use` (module code with `runner`, a command runner for the
 * namespace; `imports` lines first, paths from the repository's root), prints `keptPid`'s value, waits to be
 * ended. Asserts that the program kept is the panel's child, and gone once the panel got `signal`.
 */
export async function expectKeptProgramEndsWithPanel(netns: string, code: { imports: string; use: string; keptPid: string }, signal: NodeJS.Signals): Promise<void> {
  const script = `
    ${code.imports}
    import { commandRunner } from "./netfilter/exec.ts";
    import { keepHelperPrograms } from "./netfilter/kept-programs.ts";
    const runner = commandRunner(process.argv[1]);
    keepHelperPrograms();
    ${code.use};
    process.on("SIGTERM", () => process.exit(0)); // as lintas serve ends
    process.stdout.write(${code.keptPid} + "\\n");
    setInterval(() => undefined, 1000);
  `;
  const panel = spawn(process.execPath, ["--import", "./node_modules/tsx/dist/loader.mjs", "--input-type=module", "-e", script, netns], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  const pid = await new Promise<number>((resolve, reject) => {
    panel.stdout.once("data", (line) => resolve(Number(String(line))));
    panel.once("exit", (code) => reject(new Error(`the panel exited (${code})`)));
  });
  expect(alive(pid)).toBe(true);
  expect(execFileSync("ps", ["-o", "ppid=", "-p", String(pid)], { encoding: "utf8" }).trim()).toBe(String(panel.pid));
  panel.kill(signal);
  expect(await untilGone(pid)).toBe(true);
}
