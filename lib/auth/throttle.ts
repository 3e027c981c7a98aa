// Brute-force brakes, per account and per address: from the 3rd failure on, each further try must wait a
// delay that doubles (1 s, 2 s, 4 s ...); from the 10th, the key is locked for 15 minutes. A success clears
// the account's and the address's counters. Failures older than 15 minutes are forgotten.
import { db } from "../db/client";
import { sha256 } from "./crypto";

export const THROTTLE = { freeFailures: 2, lockAfter: 10, lockMs: 15 * 60_000, forgetMs: 15 * 60_000 } as const;

// The typed name is hashed: it may be a password typed into the wrong field.
export const userKey = (username: string) => `user:${sha256(username.toLowerCase())}`;
export const throttleKeys = (username: string, address: string) => [userKey(username), `address:${address}`];

/** Milliseconds to wait before the next try may even be checked; 0 = go ahead. */
export async function throttleWait(keys: string[], now = new Date()): Promise<number> {
  const rows = await db().loginThrottle.findMany({ where: { key: { in: keys } } });
  let wait = 0;
  for (const row of rows) {
    if (now.getTime() - row.lastFailure.getTime() > THROTTLE.forgetMs) continue;
    const until = row.lockedUntil ?? new Date(row.lastFailure.getTime() + delayMs(row.failures));
    wait = Math.max(wait, until.getTime() - now.getTime());
  }
  return wait;
}

export function delayMs(failures: number): number {
  return failures <= THROTTLE.freeFailures ? 0 : 1000 * 2 ** (failures - THROTTLE.freeFailures - 1);
}

export async function recordFailure(keys: string[], now = new Date()): Promise<void> {
  for (const key of keys) {
    const row = await db().loginThrottle.findUnique({ where: { key } });
    const stale = !row || now.getTime() - row.lastFailure.getTime() > THROTTLE.forgetMs;
    const failures = stale ? 1 : row.failures + 1;
    const lockedUntil = failures >= THROTTLE.lockAfter ? new Date(now.getTime() + THROTTLE.lockMs) : null;
    await db().loginThrottle.upsert({
      where: { key },
      create: { key, failures, lastFailure: now, lockedUntil },
      update: { failures, lastFailure: now, lockedUntil },
    });
  }
}

export async function clearFailures(keys: string[]): Promise<void> {
  await db().loginThrottle.deleteMany({ where: { key: { in: keys } } });
}
