// The target: a production `lintas serve` on loopback, as installed routers run it, with its own data dir (not
// created beforehand: the server makes it), the dry-run backend (no firewall is touched) and, unless told
// otherwise, an admin provisioned from the shell. Attackers are other loopback addresses (127.0.0.2 ...).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { freePort, untilServing } from "../../lab/testing/panel-serving";
import { send } from "./http";

const root = path.join(import.meta.dirname, "..", "..");
const bin = path.join(root, "bin", "lintas");

export const ADMIN = { username: "admin", password: "amber-falcon-quarry-42" } as const;

export type PanelOptions = {
  /** Create the admin from the shell first (default); false leaves the one-time setup code to use. */
  provision?: boolean;
  /** Extra words for `lintas serve` (--tls, --http-port N ...). */
  serveArgs?: string[];
  /** The umask the CLI and the server run under (default: this process's). */
  umask?: number;
};

export type AuditRow = { id: number; at: string; actor: string; address: string | null; action: string; ok: number; detail: Record<string, unknown> };

export type Panel = {
  /** The origin the banner names, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  dataDir: string;
  /** Everything the server printed so far. */
  log(): string;
  /** The one-time setup code, when the admin was not provisioned. */
  setupCode?: string;
  /** `bin/lintas ARGS` on the same data dir. */
  cli(args: string[], input?: string): { code: number | null; out: string; err: string };
  audit(action?: string): AuditRow[];
  /** A read-only look at the database (what a copied lintas.db reveals). */
  query<T>(sql: string, ...params: unknown[]): T[];
  stop(): Promise<void>;
};

export async function startPanel(options: PanelOptions = {}): Promise<Panel> {
  const parent = mkdtempSync(path.join(tmpdir(), "lintas-attack-"));
  const dataDir = path.join(parent, "data");
  const env = { ...process.env, LINTAS_DATA_DIR: dataDir, LINTAS_BACKEND: "dry-run", NEXT_TELEMETRY_DISABLED: "1" };
  const withUmask = (command: string[]) =>
    options.umask === undefined ? command : ["sh", "-c", `umask ${options.umask.toString(8).padStart(3, "0")} && exec "$@"`, "sh", ...command];
  const cli = (args: string[], input?: string) => {
    const [file, ...rest] = withUmask([bin, ...args]);
    const result = spawnSync(file!, rest, { env, input, encoding: "utf8" });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  let server: ChildProcess | undefined;
  let log = "";
  const stop = async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const closed = new Promise((resolve) => server!.once("close", resolve));
      server.kill("SIGTERM");
      await closed;
    }
    rmSync(parent, { recursive: true, force: true });
  };
  try {
    if (options.provision !== false) {
      const made = cli(["admin", "set-password", ADMIN.username], `${ADMIN.password}\n`);
      if (made.code !== 0) throw new Error(`lintas admin set-password failed: ${made.err}${made.out}`);
    }
    const port = await freePort();
    const [file, ...rest] = withUmask([bin, "serve", "--host", "127.0.0.1", "--port", String(port), ...(options.serveArgs ?? [])]);
    server = spawn(file!, rest, { env, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout!.on("data", (chunk) => (log += chunk));
    server.stderr!.on("data", (chunk) => (log += chunk));
    await untilServing(server, 60_000);
    // The setup code is printed right after the serving line.
    if (options.provision === false) await until(() => /setup code: (\S+)/.test(log), 10_000, () => `no setup code in:\n${log}`);
    const url = /serving the panel on (\S+)/.exec(log)![1]!;
    const open = () => new Database(path.join(dataDir, "lintas.db"), { readonly: true, fileMustExist: true });
    const query = <T>(sql: string, ...params: unknown[]): T[] => {
      const db = open();
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    };
    return {
      url,
      port,
      dataDir,
      log: () => log,
      setupCode: /setup code: (\S+)/.exec(log)?.[1],
      cli,
      query,
      audit: (action) =>
        query<AuditRow & { detail: string }>(`SELECT id, at, actor, address, action, ok, detail FROM "AuditEvent" ORDER BY id`)
          .map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }))
          .filter((row) => !action || row.action === action),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function until(ready: () => boolean, timeoutMs: number, explain: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(explain());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Gives the dry-run router a network (LAN lo, WAN any other interface: the dry-run backend only checks that they
 * exist) and so applies a configuration once: a config.change event, the apply lock and the capability cache.
 */
export function configureNetwork(panel: Panel): void {
  const links = JSON.parse(spawnSync("ip", ["-j", "link", "show"], { encoding: "utf8" }).stdout) as { ifname: string }[];
  const wan = links.find((link) => link.ifname !== "lo");
  if (!wan) throw new Error("the test needs one interface besides lo to name as WAN");
  const configured = panel.cli(["network", "set", "--lan", "lo", "--wan", wan.ifname, "--masquerade", "on"]);
  if (configured.code !== 0) throw new Error(`lintas network set failed: ${configured.err}`);
}

/** A script of the panel's, as the login page links it. */
export async function staticScript(panel: Panel): Promise<string> {
  const page = await send(`${panel.url}/login`);
  const script = /\/_next\/static\/[^"]+\.js/.exec(page.text)?.[0];
  if (!script) throw new Error("the login page links no script under /_next/static");
  return script;
}
