// Waits for a started `lintas serve` to say it is serving; a panel that exits or stays silent fails with its log.
import type { ChildProcess } from "node:child_process";

export function untilServing(server: ChildProcess, timeoutMs: number): Promise<void> {
  let log = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the panel did not start within ${timeoutMs / 1000} s:\n${log}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      log += chunk;
      if (log.includes("serving the panel on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout!.on("data", onData);
    server.stderr!.on("data", onData);
    server.once("close", (code) => reject(new Error(`the panel exited (${code}):\n${log}`)));
  });
}
