// A throwaway production panel for benches: its own data dir, an admin, a configured network, the dry-run
// backend (no firewall is touched) and loopback only. `bin/lintas serve` execs node, so `pid` is the server.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loginForm } from "../../lab/testing/login-form";
import { freePort, untilServing } from "../../lab/testing/panel-serving";

const root = path.join(import.meta.dirname, "..", "..");
const bin = path.join(root, "bin", "lintas");

export type PanelServer = { baseUrl: string; pid: number; username: string; password: string; stop(): Promise<void> };

export async function startPanelServer(): Promise<PanelServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-bench-panel-"));
  let server: ChildProcess | undefined;
  const stop = async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const closed = new Promise((resolve) => server!.once("close", resolve));
      server.kill("SIGTERM");
      await closed;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const env = { ...process.env, LINTAS_DATA_DIR: dataDir, LINTAS_BACKEND: "dry-run", NEXT_TELEMETRY_DISABLED: "1" };
    const cli = (args: string[], input?: string) => {
      const result = spawnSync(bin, args, { env, input, encoding: "utf8" });
      if (result.status !== 0) throw new Error(`lintas ${args.join(" ")} failed: ${result.stderr}${result.stdout}`);
    };
    const username = "admin";
    const password = "bench-admin-passphrase";
    cli(["admin", "set-password", username], `${password}\n`);
    // The dry-run backend only checks that the interfaces exist: loopback is in every namespace.
    cli(["network", "set", "--lan", "lo", "--wan", anyOtherInterface(), "--masquerade", "on"]);
    const port = await freePort();
    server = spawn(bin, ["serve", "--host", "127.0.0.1", "--port", String(port)], { env, stdio: ["ignore", "pipe", "pipe"] });
    await untilServing(server, 60_000);
    return { baseUrl: `http://127.0.0.1:${port}`, pid: server.pid!, username, password, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function anyOtherInterface(): string {
  const links = JSON.parse(spawnSync("ip", ["-j", "link", "show"], { encoding: "utf8" }).stdout) as { ifname: string }[];
  const other = links.find((link) => link.ifname !== "lo");
  if (!other) throw new Error("the bench panel needs one interface besides lo to name as WAN");
  return other.ifname;
}

/**
 * Signs in the way a browser without JavaScript does: the login page's form posted back with its hidden
 * server-action fields. Returns the Cookie header value for the new session.
 */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const form = loginForm(await (await fetch(`${baseUrl}/login`)).text(), username, password);
  const response = await fetch(`${baseUrl}/login`, { method: "POST", body: form, redirect: "manual", headers: { origin: baseUrl } });
  const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith("lintas_session="));
  if (!session) throw new Error(`sign-in as "${username}" failed: HTTP ${response.status}, no session cookie`);
  return session.split(";")[0]!;
}
