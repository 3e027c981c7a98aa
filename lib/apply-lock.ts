// One apply at a time per router: the web panel and the CLI may both try at once, and each apply is
// read-config -> kernel -> store. Serialised in-process by a promise chain, across processes by a lock file
// holding the owner's pid (a lock left by a dead process is taken over).
import { closeSync, fchmodSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { ApplyFailedError } from "./errors";
import { message } from "./i18n";
import { dataDir } from "./paths";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "./private-files";

// ufw and firewalld openings take a second or more per call of their tools: a whole apply there can take tens
// of seconds on a busy router, and a second apply waits for it rather than fail.
const WAIT_MS = 60_000;
// On globalThis: `lintas serve` runs the CLI's bundle (the watcher) and Next's (the panel's actions) in one process,
// each with its own copy of this module. One queue for both: a Save waits for the watcher's look to release the
// lock, not for the lock file's next poll (up to 50 ms later).
const QUEUE = Symbol.for("lintas.apply-queue");
const shared = globalThis as { [QUEUE]?: Promise<unknown> };

/**
 * Runs `work` alone. `holdUntil` keeps the lock after `work` has returned its result, until the promise it
 * gives settles: the caller has its answer early while follow-up work (cutting open flows) still runs before
 * the next apply.
 */
export function withApplyLock<T>(work: () => Promise<T>, holdUntil?: (result: T) => Promise<unknown>): Promise<T> {
  const held = (shared[QUEUE] ?? Promise.resolve()).then(() => withLockFile(work, holdUntil));
  shared[QUEUE] = held.then(({ released }) => released, () => undefined);
  return held.then(({ result }) => result);
}

async function withLockFile<T>(
  work: () => Promise<T>,
  holdUntil?: (result: T) => Promise<unknown>,
): Promise<{ result: T; released: Promise<unknown> }> {
  ensurePrivateDir(dataDir());
  const file = path.join(dataDir(), "apply.lock");
  const deadline = Date.now() + WAIT_MS;
  while (!tryCreate(file)) {
    const holder = readHolder(file);
    if (holder === undefined) continue; // released or still being written: try again
    if (!isAlive(holder)) {
      unlinkSync(file);
      continue;
    }
    if (Date.now() > deadline) throw new ApplyFailedError(message("error.applyBusy", { pid: holder, seconds: WAIT_MS / 1000 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let result: T;
  try {
    result = await work();
  } catch (error) {
    removeLock(file);
    throw error;
  }
  const released = (holdUntil ? holdUntil(result).catch(() => undefined) : Promise.resolve()).finally(() => removeLock(file));
  return { result, released };
}

/** The data dir may be gone by then (a test's clean-up, an uninstall --purge): nothing is left to release. */
function removeLock(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

function readHolder(file: string): number | undefined {
  try {
    const text = readFileSync(file, "utf8").trim();
    return text === "" ? undefined : Number(text); // empty: its owner is writing its pid right now
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function tryCreate(file: string): boolean {
  try {
    const fd = openSync(file, "wx", PRIVATE_FILE_MODE);
    fchmodSync(fd, PRIVATE_FILE_MODE); // the umask may have taken bits off the owner too
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
