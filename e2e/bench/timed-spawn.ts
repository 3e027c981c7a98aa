// One cold process, timed from spawn to exit. Its output goes to /dev/null (a reader would be part of the
// figure); stderr is kept to explain a failure.
import { spawn } from "node:child_process";

export type Timed = { ms: number; code: number; stderr: string };

export function timeCommand(argv: string[], env: Record<string, string> = {}): Promise<Timed> {
  const [cmd, ...args] = argv;
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(cmd!, args, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env } });
    let ms = 0;
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", () => (ms = performance.now() - start));
    child.on("error", (error) => resolve({ ms: performance.now() - start, code: 127, stderr: error.message }));
    child.on("close", (code) => resolve({ ms, code: code ?? 1, stderr }));
  });
}

/** The milliseconds of a command that had to succeed; otherwise its stderr explains the failure. */
export function succeeded(argv: string[], result: Timed, where = ""): number {
  if (result.code !== 0) throw new Error(`${argv.join(" ")} exited ${result.code}${where}: ${result.stderr.trim().split("\n")[0]}`);
  return result.ms;
}

export const timeOk = async (argv: string[], env: Record<string, string> = {}) => succeeded(argv, await timeCommand(argv, env));
