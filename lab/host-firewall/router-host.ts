// The lab router seen as a host with a disk and a RAM: a host firewall's configuration lives in etc/ (kept
// across a reboot of the router), its sockets, logs and the private /run in run/ (gone with a reboot). Every
// command runs inside the router's namespace; nothing here touches this machine's /etc, /run or firewall.
// Daemons run in the router namespace, so removing the namespace ends them (by pid: lab.ts removeNamespace).
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Lab } from "../topology";

/** Parent of every lab's host firewall files; `lab down --all` clears what crashed runs left in it. */
export const HOST_FIREWALL_ROOT = path.join(tmpdir(), "lintas-host-firewall");

/**
 * What a process on the router sees besides its namespace: files bind-mounted over this machine's (the
 * router's /etc/ufw, /run, ...), each [source, target], in a private mount namespace; and environment variables.
 */
export type RouterView = { binds: [string, string][]; env: Record<string, string> };
export const NO_VIEW: RouterView = { binds: [], env: {} };

export type RouterHost = {
  lab: Lab;
  /** The router's "disk": configuration written once, read at every start. */
  etc: string;
  /** The router's "RAM": sockets and logs. */
  run: string;
  /** The router's own /run, inside run/. */
  privateRun: string;
  /** Runs argv in the router namespace with `view` and returns its stdout; throws with its stderr when it fails. */
  exec(argv: string[], view?: RouterView): string;
  /** Starts a long-running process in the router namespace with `view`, its output appended to run/NAME.out. */
  daemon(name: string, argv: string[], view?: RouterView): void;
};

export const hostFirewallDir = (lab: Lab) => path.join(HOST_FIREWALL_ROOT, lab.prefix);

/** `ip` arguments that run argv inside the router namespace, the view's files mounted first. */
export function routerArgs(lab: Lab, argv: string[], view: RouterView = NO_VIEW): string[] {
  if (!view.binds.length) return ["netns", "exec", lab.router, ...argv];
  const mounts = view.binds.map(([source, target]) => `mount --bind '${source}' '${target}'`).join(" && ");
  return ["netns", "exec", lab.router, "unshare", "-m", "sh", "-ec", `${mounts}; exec "$@"`, "sh", ...argv];
}

export function routerHost(lab: Lab): RouterHost {
  const root = hostFirewallDir(lab);
  const etc = path.join(root, "etc");
  const run = path.join(root, "run");
  const privateRun = path.join(run, "root-run");
  // Only root reads a lab's firewall files and talks to its bus.
  mkdirSync(HOST_FIREWALL_ROOT, { recursive: true, mode: 0o700 });
  mkdirSync(etc, { recursive: true });
  mkdirSync(privateRun, { recursive: true });
  return {
    lab,
    etc,
    run,
    privateRun,
    exec(argv, view = NO_VIEW) {
      try {
        return execFileSync("ip", routerArgs(lab, argv, view), {
          encoding: "utf8",
          env: { ...process.env, ...view.env },
          stdio: ["ignore", "pipe", "pipe"],
        });
      } catch (error) {
        const stderr = String((error as { stderr?: string }).stderr ?? "").trim();
        throw new Error(`${argv.join(" ")} in ${lab.router} failed: ${stderr || (error as Error).message}`);
      }
    },
    daemon(name, argv, view = NO_VIEW) {
      const out = openSync(path.join(run, `${name}.out`), "a");
      const child = spawn("ip", routerArgs(lab, argv, view), {
        env: { ...process.env, ...view.env },
        stdio: ["ignore", out, out],
        detached: true,
      });
      child.unref();
    },
  };
}
