// Checking a second factor: a current TOTP code (RFC 6238, otplib) not used before, or an unused recovery code.
// The TOTP secrets are stored sealed (./secret-box.ts). Runs on the raw connection, each write one statement, so
// two checks at once cannot both spend the same code.
import { verifySync } from "otplib";
import { sqlite, sqliteTimestamp } from "../db/sqlite";
import { normalizeCode, sha256 } from "./crypto";
import { isSealed, open, seal } from "./secret-box";

type SecretColumn = "totpSecret" | "totpPendingSecret";

const secretContext = (userId: number) => `totp:${userId}`;

export const sealSecret = (userId: number, secret: string) => seal(secret, secretContext(userId));

/** A user's active or pending TOTP secret: as stored (sealed) and in clear; undefined if there is none. */
export function storedSecret(userId: number, column: SecretColumn): { stored: string; secret: string } | undefined {
  sealLegacySecrets();
  const row = sqlite().prepare(`SELECT "${column}" AS stored FROM "User" WHERE "id" = ?`).get(userId) as { stored: string | null } | undefined;
  return row?.stored ? { stored: row.stored, secret: open(row.stored, secretContext(userId)) } : undefined;
}

let legacySealed = false;

/**
 * Active secrets stored before encryption (in clear) are sealed the first time a process reads a secret, and
 * when `lintas serve` starts, so an upgraded router does not keep them in clear until someone signs in.
 */
export function sealLegacySecrets(): void {
  if (legacySealed) return;
  const db = sqlite();
  db.transaction(() => {
    const rows = db.prepare(`SELECT "id", "totpSecret" FROM "User" WHERE "totpSecret" IS NOT NULL`).all() as { id: number; totpSecret: string }[];
    const update = db.prepare(`UPDATE "User" SET "totpSecret" = ? WHERE "id" = ? AND "totpSecret" = ?`);
    for (const row of rows) if (!isSealed(row.totpSecret)) update.run(sealSecret(row.id, row.totpSecret), row.id, row.totpSecret);
  }).immediate();
  legacySealed = true;
}

/** What a second factor proved: it is good (and now spent), it was good once and is spent, or it is no code. */
export type SecondFactorCheck = "ok" | "used" | "wrong";

/** A current TOTP code not used before, or an unused recovery code (which is then spent). */
export function verifySecondFactor(userId: number, code: string): SecondFactorCheck {
  const active = storedSecret(userId, "totpSecret");
  const step = active ? matchingStep(active.secret, code) : undefined;
  const db = sqlite();
  if (step !== undefined) {
    // A code seen once (by us or by someone looking over a shoulder) does not work again.
    const { changes } = db
      .prepare(`UPDATE "User" SET "totpLastStep" = ? WHERE "id" = ? AND ("totpLastStep" IS NULL OR "totpLastStep" < ?)`)
      .run(step, userId, step);
    return changes === 1 ? "ok" : "used";
  }
  const codeHash = sha256(normalizeCode(code));
  const { changes } = db
    .prepare(`UPDATE "RecoveryCode" SET "usedAt" = ? WHERE "userId" = ? AND "codeHash" = ? AND "usedAt" IS NULL`)
    .run(sqliteTimestamp(), userId, codeHash);
  if (changes === 1) return "ok";
  const spent = db.prepare(`SELECT 1 FROM "RecoveryCode" WHERE "userId" = ? AND "codeHash" = ?`).get(userId, codeHash);
  return spent ? "used" : "wrong";
}

/** The time step a code belongs to, one step of clock drift either way (as authenticator apps expect). */
export function matchingStep(secret: string, code: string): number | undefined {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return undefined;
  const result = verifySync({ secret, token, epochTolerance: 30 });
  return result.valid ? (result as { timeStep: number }).timeStep : undefined;
}
