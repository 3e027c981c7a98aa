// Waits for a started `lintas serve` to say it is serving; a panel that exits or stays silent fails with its log.
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";

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

/** A TCP port free on `address` now, for a panel to listen on. */
export function freePort(address = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, address, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once("error", reject);
  });
}
