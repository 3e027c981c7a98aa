// Brings up a private lab, starts the production server inside its router namespace on 192.168.50.1:80, and
// hands the one-time setup code (read from the server's own log) to the tests.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { bringUp, labDown } from "../../lab/lab";
import { labNamed } from "../../lab/topology";

const root = path.join(import.meta.dirname, "..", "..");

export default async function globalSetup() {
  if (process.getuid?.() !== 0) throw new Error("browser tests run Chromium inside a lab namespace: run them as root");
  const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-e2e-"));
  // A random suffix: two runs on one machine (a developer and CI) never share namespaces.
  const lab = labNamed(`lintas-lab-pw${randomBytes(2).toString("hex")}`, dataDir);
  bringUp(lab);
  const server = spawn("ip", ["netns", "exec", lab.router, path.join(root, "bin", "lintas"), "serve", "--port", "80"], {
    env: { ...process.env, LINTAS_DATA_DIR: dataDir, LINTAS_BACKEND: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const code = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not print a setup code:\n${log}`)), 30_000);
    const onData = (chunk: Buffer) => {
      log += chunk;
      const match = /one-time setup code: (\S+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    server.stdout.on("data", onData);
    server.stderr.on("data", onData);
    server.on("close", (exit) => reject(new Error(`the server exited (${exit}):\n${log}`)));
  });
  process.env.LINTAS_E2E_SETUP_CODE = code;
  process.env.LINTAS_E2E_LAB_PREFIX = lab.prefix;
  process.env.LINTAS_E2E_DATA_DIR = dataDir;
  process.env.LINTAS_E2E_LAN_NS = lab.lanHosts[0];

  return async () => {
    server.kill("SIGTERM");
    labDown(lab);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
