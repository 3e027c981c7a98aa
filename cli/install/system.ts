// What `lintas install` and `uninstall` change on the system, as steps: each says what it does (the whole of
// `--dry-run`'s output) and does it. Everything lives under a root dir ("/" or `--root DIR`, like systemctl's).
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, lchownSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { INSTALLED_DATA_DIR } from "../../lib/paths";
import { SERVICE_USER, type Unit } from "./units";

/** `shows`: what a dry run prints below the step (a file's content). */
export type Step = { says: string; shows?: string; run(): Promise<string | void> | string | void };

export const UNIT_DIR = "/etc/systemd/system";

/** `file` (an absolute path on the target system) under `root`. */
export const under = (root: string, file: string) => path.join(root, file);

/** Whether the running system's systemd manages `root`: then units are started, not only enabled. */
export const systemdRunning = (root: string) => root === "/" && existsSync("/run/systemd/system");

/** The service user's ids in `root`'s /etc/passwd. */
export function serviceUser(root: string): { uid: number; gid: number } | undefined {
  const file = under(root, "/etc/passwd");
  const passwd = existsSync(file) ? readFileSync(file, "utf8") : "";
  const entry = passwd.split("\n").find((line) => line.startsWith(`${SERVICE_USER}:`));
  if (!entry) return undefined;
  const [, , uid, gid] = entry.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/** A step that runs a program (the step says its command line) and fails with what the program said. */
export function command(argv: string[]): Step {
  return {
    says: argv.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(" "),
    run() {
      const result = spawnSync(argv[0]!, argv.slice(1), { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      if (result.error) throw new Error(`${argv[0]}: ${result.error.message}`);
      if (result.status !== 0) throw new Error(`${argv.join(" ")} exited with ${result.status}: ${result.stderr.trim()}`);
    },
  };
}

/** useradd with `--root` when the target is not this system. */
const rootOption = (tool: string, root: string) => (root === "/" ? [tool] : [tool, "--root", root]);

export function createUserStep(root: string): Step {
  const existing = serviceUser(root);
  if (existing) return { says: `system user ${SERVICE_USER} exists (uid ${existing.uid}): kept`, run() {} };
  const useradd = command([
    ...rootOption("useradd", root),
    "--system",
    "--user-group",
    "--home-dir",
    INSTALLED_DATA_DIR,
    "--no-create-home",
    "--shell",
    "/usr/sbin/nologin",
    "--comment",
    "Lintas VPN passthrough",
    SERVICE_USER,
  ]);
  // useradd --root needs the target's /etc (an image being prepared may not have one yet).
  return {
    says: useradd.says,
    run() {
      mkdirSync(under(root, "/etc"), { recursive: true });
      return useradd.run();
    },
  };
}

export function deleteUserStep(root: string): Step {
  if (!serviceUser(root)) return { says: `no ${SERVICE_USER} user to delete`, run() {} };
  return command([...rootOption("userdel", root), SERVICE_USER]);
}

/**
 * The data dir, 0700 and owned by the service user, every file in it included: a router that ran Lintas as
 * root before (the old units did) keeps its database, now the service's.
 */
export function dataDirStep(root: string): Step {
  const dir = under(root, INSTALLED_DATA_DIR);
  return {
    says: `data dir ${dir}: mode 0700, owned by ${SERVICE_USER} (every file in it)`,
    run() {
      const owner = serviceUser(root);
      if (!owner) throw new Error(`user ${SERVICE_USER} not found in ${under(root, "/etc/passwd")}`);
      mkdirSync(dir, { recursive: true });
      chownTree(dir, owner.uid, owner.gid);
      chmodSync(dir, 0o700);
    },
  };
}

function chownTree(target: string, uid: number, gid: number): void {
  lchownSync(target, uid, gid);
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    const child = path.join(target, entry.name);
    if (entry.isDirectory()) chownTree(child, uid, gid);
    else lchownSync(child, uid, gid);
  }
}

export function writeUnitStep(root: string, unit: Unit): Step {
  const file = under(root, path.join(UNIT_DIR, unit.name));
  return {
    says: `write ${file}`,
    shows: unit.text,
    run() {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, unit.text, { mode: 0o644 });
    },
  };
}

export function removeFileStep(file: string, what = file): Step {
  return { says: `remove ${what}`, run: () => rmSync(file, { recursive: true, force: true }) };
}

/** systemctl on the running system, or `systemctl --root` on files only (enable/disable make links, start nothing). */
export function systemctl(root: string, ...words: string[]): Step {
  return command(["systemctl", ...(systemdRunning(root) ? [] : [`--root=${root}`]), ...words]);
}
