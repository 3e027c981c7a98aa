// bin/lintas run inside a test namespace with its own data dir: one-shot commands, and a long-running
// `lintas watch` whose log, audit rows and child processes a test can look at.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { fromOptLintas } from "./service-sandbox";

const bin = path.join(import.meta.dirname, "..", "..", "bin", "lintas");

export type AuditRow = { actor: string; action: string; ok: number; detail: Record<string, unknown> };

export function lintasIn(netns: string, dataDir: string) {
  const env = { ...process.env, LINTAS_DATA_DIR: dataDir, LINTAS_BACKEND: "" };
  return {
    run(...args: string[]) {
      // On a data dir that is not root's, root's CLI re-runs itself as its owner (as on an installed router):
      // that uid must reach the checkout, so it runs from /opt/lintas.
      const command = statSync(dataDir).uid === 0 ? [bin, ...args] : fromOptLintas([bin, ...args]);
      const result = spawnSync("ip", ["netns", "exec", netns, ...command], { encoding: "utf8", env });
      return { code: result.status, out: result.stdout, err: result.stderr };
    },

    /** Whether the kernel enforces the stored config, as `lintas status --json` reads it back. */
    inSync(): boolean {
      const result = this.run("status", "--json");
      return JSON.parse(result.out).kernel?.inSync === true;
    },

    audit(action?: string): AuditRow[] {
      const db = new Database(path.join(dataDir, "lintas.db"), { readonly: true });
      try {
        const rows = db.prepare(`SELECT actor, action, ok, detail FROM "AuditEvent" ORDER BY id`).all() as (AuditRow & { detail: string })[];
        return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) })).filter((row) => !action || row.action === action);
      } finally {
        db.close();
      }
    },

    /**
     * Starts `lintas watch ARGS` (through `wrapper`, e.g. setpriv, when given) and resolves once its first look
     * (the reconcile at start) is done.
     */
    async startWatch({ wrapper = [], args = [] }: { wrapper?: string[]; args?: string[] } = {}): Promise<WatchProcess> {
      // A wrapper (setpriv to an unprivileged uid) runs the checkout from /opt/lintas, which that uid can reach.
      const command = wrapper.length ? fromOptLintas([...wrapper, bin, "watch", ...args]) : [bin, "watch", ...args];
      const child = spawn("ip", ["netns", "exec", netns, ...command], { env, stdio: ["ignore", "pipe", "pipe"] });
      return new WatchProcess(child).started();
    },
  };
}

export class WatchProcess {
  log = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.on("data", (d) => (this.log += d));
    child.stderr!.on("data", (d) => (this.log += d));
    this.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  }

  /** Resolves once the watcher's first look (the reconcile at start) is done. */
  async started(): Promise<this> {
    const done = () => /at start: nothing to repair|found at the watcher's start/.test(this.log);
    await waitFor(done, 10_000, () => `lintas watch did not start:\n${this.log}`);
    return this;
  }

  /** The watcher's own processes (`ip netns exec` execs bin/lintas, which execs node: one pid throughout). */
  children(): { pid: number; command: string }[] {
    return readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .flatMap((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
          const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
          if (ppid !== this.child.pid) return [];
          return [{ pid: Number(pid), command: readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim() }];
        } catch {
          return []; // ended meanwhile
        }
      });
  }

  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill("SIGTERM");
    return this.exited;
  }
}

/** Polls `check` every 20 ms until it holds; throws `explain()` after `ms`. Resolves with the time it took. */
export async function waitFor(check: () => boolean, ms: number, explain: () => string = () => "condition not met"): Promise<number> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > ms) throw new Error(`after ${ms} ms: ${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - start;
}
