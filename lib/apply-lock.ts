// One apply at a time per router: the web panel and the CLI may both try at once, and each apply is
// read-config -> kernel -> store. Serialised in-process by a promise chain, across processes by a lock file
// holding the owner's pid (a lock left by a dead process is taken over).
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { ApplyFailedError } from "./errors";
import { message } from "./i18n";
import { dataDir } from "./paths";

const WAIT_MS = 15_000;
let queue: Promise<unknown> = Promise.resolve();

export function withApplyLock<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(() => withLockFile(work));
  queue = run.catch(() => undefined);
  return run;
}

async function withLockFile<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(dataDir(), { recursive: true, mode: 0o700 });
  const file = path.join(dataDir(), "apply.lock");
  const deadline = Date.now() + WAIT_MS;
  while (!tryCreate(file)) {
    const holder = Number(readFileSync(file, "utf8").trim());
    if (!isAlive(holder)) {
      unlinkSync(file);
      continue;
    }
    if (Date.now() > deadline) throw new ApplyFailedError(message("error.applyBusy", { pid: holder, seconds: WAIT_MS / 1000 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  try {
    return await work();
  } finally {
    unlinkSync(file);
  }
}

function tryCreate(file: string): boolean {
  try {
    const fd = openSync(file, "wx", 0o600);
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
