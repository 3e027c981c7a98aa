// The production server inside a lab router, started as the installed service runs it (HTTPS on
// 192.168.50.1:443 with its self-signed certificate, port 80 redirecting) with the router's own files and bus in
// view, and the one-time setup code read from its own log.
import { spawn } from "node:child_process";
import { routerLintasCommand } from "../../lab/lab";
import type { Lab } from "../../lab/topology";

export type Panel = { setupCode: string; stop(): void };

export function startPanel(lab: Lab): Promise<Panel> {
  const command = routerLintasCommand(lab, ["serve", "--tls"]);
  const server = spawn("ip", command.args, { env: command.env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  return new Promise<Panel>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not print a setup code:\n${log}`)), 30_000);
    const onData = (chunk: Buffer) => {
      log += chunk;
      const match = /one-time setup code: (\S+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve({ setupCode: match[1]!, stop: () => server.kill("SIGTERM") });
      }
    };
    server.stdout.on("data", onData);
    server.stderr.on("data", onData);
    server.on("close", (exit) => reject(new Error(`the server exited (${exit}):\n${log}`)));
  });
}
