// The data dir holds password hashes, sessions, the audit log and keys: it is 0700 and every file Lintas makes in
// it 0600, whatever the umask of whoever started Lintas (a shell with umask 000 included). A data dir or database
// an older Lintas left wider is narrowed when it is next opened.
import { chmodSync, closeSync, fchmodSync, mkdirSync, openSync, statSync } from "node:fs";
import { open } from "node:fs/promises";

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and its parents) if absent and makes it 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const { mode } = statSync(dir);
  // A sticky dir is a shared one (/tmp given as LINTAS_DATA_DIR by mistake): narrowing it would break the system.
  if (mode & 0o1000) return;
  narrow(dir, mode, PRIVATE_DIR_MODE);
}

/** Creates `file` empty if absent, and makes it 0600: a program that then opens it (SQLite) keeps that mode. */
export function ensurePrivateFile(file: string): void {
  const found = statSync(file, { throwIfNoEntry: false });
  if (found) return narrow(file, found.mode, PRIVATE_FILE_MODE);
  // "a", not "wx": another process may create it at the same moment, and then both use the one file.
  const fd = openSync(file, "a", PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE); // the umask may have taken bits off the owner too
  } finally {
    closeSync(fd);
  }
}

/** Writes `file` whole and makes it 0600, whatever the umask. */
export async function writePrivateFile(file: string, text: string): Promise<void> {
  const handle = await open(file, "w", PRIVATE_FILE_MODE);
  try {
    await handle.chmod(PRIVATE_FILE_MODE);
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

/** Makes `file` 0600 if it exists (a file another program created beside ours, e.g. SQLite's -wal and -shm). */
export function narrowIfPresent(file: string): void {
  const found = statSync(file, { throwIfNoEntry: false });
  if (found) narrow(file, found.mode, PRIVATE_FILE_MODE);
}

function narrow(target: string, mode: number, wanted: number): void {
  if ((mode & 0o777) === wanted) return;
  try {
    chmodSync(target, wanted);
  } catch (error) {
    // Not ours to change (another user's data dir, a read-only file system): the open that follows says what is
    // wrong, if anything is.
    if (!["EPERM", "EROFS"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
  }
}
