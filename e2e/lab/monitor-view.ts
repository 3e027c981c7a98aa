// Runs e2e/lab/monitor-in-router.ts in a test lab's router, as the router's Lintas runs: the monitor's view, or
// "allow this device". For the lab tests that read what the Monitor page would show.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { onRouter } from "../../lab/host-firewall/profiles";
import { routerFilesView } from "../../lab/router-files";
import type { MonitorView } from "../../lib/monitor";
import type { TestLab } from "./support";

export function monitorInRouter(t: TestLab, ...args: string[]): string {
  const files = routerFilesView(t.lab);
  const script = path.join(import.meta.dirname, "monitor-in-router.ts");
  const command = onRouter(t.lab, [process.execPath, "--import", "tsx", script, ...args], { LINTAS_DATA_DIR: t.lab.dataDir, LINTAS_BACKEND: t.lab.backend ?? "", ...files.env }, files.binds);
  return execFileSync("ip", command.args, { encoding: "utf8", env: command.env, cwd: path.join(import.meta.dirname, "../.."), stdio: ["ignore", "pipe", "pipe"] });
}

export const monitorViewIn = (t: TestLab) => JSON.parse(monitorInRouter(t, "view")) as MonitorView;
