// Brute-force brakes. Every try at a secret (a password, a setup code) is counted BEFORE the secret is checked,
// in one write transaction that first reads the counters: N tries sent at once cost exactly what N sent one
// after the other do, whatever the interleaving of the checks that follow. From the 3rd failure on, each
// further try must wait a delay that doubles (1 s, 2 s, 4 s ...); a success clears the counters it touched.
// Failures older than 15 minutes are forgotten.
import { sqlite, sqliteTimestamp } from "../db/sqlite";
import { sha256 } from "./crypto";

export const THROTTLE = { freeFailures: 2, lockAfter: 10, lockMs: 15 * 60_000, forgetMs: 15 * 60_000, accountMaxDelayMs: 30_000 } as const;

/** A counter and what its failures cost: the doubling delay, perhaps capped, perhaps a hard lock at `lockAfter`. */
export type ThrottleKey = { id: string; maxDelayMs?: number; locks?: boolean };

/**
 * The counters of a sign-in (and of a re-authentication): the address, whatever account it tries; the
 * account from that address, which locks; the account from anywhere, whose delay is capped and which never
 * locks, so guesses from one address cannot lock the owner out from another.
 */
export function signInKeys(username: string, address: string): ThrottleKey[] {
  const account = accountId(username);
  return [
    { id: `address:${address}` },
    { id: `user+address:${account}@${address}`, locks: true },
    { id: `user:${account}`, maxDelayMs: THROTTLE.accountMaxDelayMs },
  ];
}

// The typed name is hashed: it may be a password typed into the wrong field.
const accountId = (username: string) => sha256(username.toLowerCase());

/** A try may go ahead (and `locked` says it was the one that locked a key), or must wait. */
export type Attempt = { ok: true; locked: boolean } | { ok: false; waitMs: number };

type Row = { key: string; failures: number; lastFailure: string; lockedUntil: string | null };

export function delayMs(failures: number): number {
  return failures <= THROTTLE.freeFailures ? 0 : 1000 * 2 ** (failures - THROTTLE.freeFailures - 1);
}

/**
 * Counts one try on every key, unless one of them must still wait: then nothing is counted (a flood of refused
 * tries does not push the wait further). Synchronous on purpose: the reservation is made before the caller's
 * first await, so tries are counted in the order they arrived.
 */
export function reserveAttempt(keys: ThrottleKey[], now = new Date()): Attempt {
  const db = sqlite();
  const reserve = db.transaction((): Attempt => {
    const rows = new Map(
      (db.prepare(`SELECT * FROM "LoginThrottle" WHERE "key" IN (SELECT value FROM json_each(?))`).all(JSON.stringify(keys.map((k) => k.id))) as Row[]).map(
        (row) => [row.key, row],
      ),
    );
    const live = (key: ThrottleKey) => {
      const row = rows.get(key.id);
      return row && !forgotten(row, now) ? row : undefined;
    };
    const waitMs = Math.max(0, ...keys.map((key) => waitFor(key, live(key), now)));
    if (waitMs > 0) return { ok: false, waitMs };
    let locked = false;
    const store = db.prepare(
      `INSERT INTO "LoginThrottle" ("key", "failures", "lastFailure", "lockedUntil") VALUES (?, ?, ?, ?)
       ON CONFLICT ("key") DO UPDATE SET "failures" = excluded."failures", "lastFailure" = excluded."lastFailure", "lockedUntil" = excluded."lockedUntil"`,
    );
    for (const key of keys) {
      const failures = (live(key)?.failures ?? 0) + 1;
      const locks = Boolean(key.locks) && failures >= THROTTLE.lockAfter;
      locked ||= locks && failures === THROTTLE.lockAfter;
      store.run(key.id, failures, sqliteTimestamp(now), locks ? sqliteTimestamp(new Date(now.getTime() + THROTTLE.lockMs)) : null);
    }
    // Counters past their window are dead weight (guesses at made-up names leave one each).
    const forgetBefore = sqliteTimestamp(new Date(now.getTime() - THROTTLE.forgetMs));
    db.prepare(`DELETE FROM "LoginThrottle" WHERE "lastFailure" < ? AND ("lockedUntil" IS NULL OR "lockedUntil" < ?)`).run(forgetBefore, sqliteTimestamp(now));
    return { ok: true, locked };
  });
  // IMMEDIATE: the write lock is taken before the counters are read, so another process (the CLI, a second
  // server) cannot read the same counts in between.
  return reserve.immediate();
}

/** A try that proved the password but has not tried its second factor yet is given back. */
export function refundAttempt(keys: ThrottleKey[]): void {
  sqlite()
    .prepare(
      `UPDATE "LoginThrottle" SET "failures" = "failures" - 1,
         "lockedUntil" = CASE WHEN "failures" - 1 >= ? THEN "lockedUntil" ELSE NULL END
       WHERE "key" IN (SELECT value FROM json_each(?)) AND "failures" > 0`,
    )
    .run(THROTTLE.lockAfter, JSON.stringify(keys.map((k) => k.id)));
}

export function clearAttempts(keys: ThrottleKey[]): void {
  sqlite().prepare(`DELETE FROM "LoginThrottle" WHERE "key" IN (SELECT value FROM json_each(?))`).run(JSON.stringify(keys.map((k) => k.id)));
}

/** Every counter of an account, from every address (its password was just set from the router's shell). */
export function clearAccountAttempts(username: string): void {
  const account = accountId(username);
  sqlite().prepare(`DELETE FROM "LoginThrottle" WHERE "key" = ? OR "key" LIKE ?`).run(`user:${account}`, `user+address:${account}@%`);
}

function forgotten(row: Row, now: Date): boolean {
  const lockedUntil = row.lockedUntil ? Date.parse(row.lockedUntil) : 0;
  return now.getTime() - Date.parse(row.lastFailure) > THROTTLE.forgetMs && lockedUntil <= now.getTime();
}

function waitFor(key: ThrottleKey, row: Row | undefined, now: Date): number {
  if (!row) return 0;
  const until = row.lockedUntil
    ? Date.parse(row.lockedUntil)
    : Date.parse(row.lastFailure) + Math.min(delayMs(row.failures), key.maxDelayMs ?? THROTTLE.forgetMs);
  return until - now.getTime();
}
