// The TOTP second factor's life: enrol with a QR code, confirm one code, get recovery codes shown once (stored
// hashed, each usable once); replace or turn it off; reset from the router's shell. A new secret waits in its
// own column (pending) and replaces the active one only once a code from it is confirmed, so starting an
// enrolment changes nothing about how the account signs in. Starting one, and turning TOTP off, needs the
// password and, while TOTP is on, a current code or unused recovery code.
import { generateSecret, generateURI } from "otplib";
import QRCode from "qrcode";
import { audit, type Actor } from "../audit";
import { sqlite } from "../db/sqlite";
import { InputError } from "../errors";
import { message } from "../i18n";
import { humanCode, normalizeCode, sha256 } from "./crypto";
import { reauthenticate, type Proof } from "./reauth";
import { matchingStep, sealSecret, storedSecret } from "./second-factor";
import type { ActiveSession } from "./sessions";

const ISSUER = "Lintas";
const RECOVERY_CODES = 10;

/** Proves the owner, then stores a fresh secret as pending; the active one (if any) keeps working meanwhile. */
export async function beginEnrolment(session: ActiveSession, proof: Proof, actor: Actor): Promise<{ secret: string; qrSvg: string }> {
  const { id: userId, username } = session.user;
  await reauthenticate(session, proof, { actor, action: "totp.enrol-begin", secondFactor: true });
  const secret = generateSecret();
  sqlite().prepare(`UPDATE "User" SET "totpPendingSecret" = ? WHERE "id" = ?`).run(sealSecret(userId, secret), userId);
  audit({ actor, action: "totp.enrol-begin", ok: true, detail: { replacing: session.user.totpEnabled } });
  const uri = generateURI({ issuer: ISSUER, label: username, secret });
  return { secret, qrSvg: await QRCode.toString(uri, { type: "svg", margin: 1 }) };
}

/** Makes the pending secret the active one once a code from it matches; returns new recovery codes (shown once). */
export function confirmEnrolment(userId: number, code: string, actor: Actor): string[] | null {
  const pending = storedSecret(userId, "totpPendingSecret");
  const step = pending ? matchingStep(pending.secret, code) : undefined;
  if (!pending || step === undefined) {
    audit({ actor, action: "totp.enable", ok: false, detail: { reason: pending ? "wrong code" : "no enrolment begun" } });
    return null;
  }
  const codes = Array.from({ length: RECOVERY_CODES }, () => humanCode(3));
  const db = sqlite();
  const outcome = db
    .transaction(() => {
      const { totpEnabled } = db.prepare(`SELECT "totpEnabled" FROM "User" WHERE "id" = ?`).get(userId) as { totpEnabled: number };
      // Only the secret whose code was checked: an enrolment begun again meanwhile has a secret of its own.
      const { changes } = db
        .prepare(
          `UPDATE "User" SET "totpSecret" = "totpPendingSecret", "totpPendingSecret" = NULL, "totpEnabled" = 1, "totpLastStep" = ?
           WHERE "id" = ? AND "totpPendingSecret" = ?`,
        )
        .run(step, userId, pending.stored);
      if (changes === 0) return undefined;
      db.prepare(`DELETE FROM "RecoveryCode" WHERE "userId" = ?`).run(userId);
      const insert = db.prepare(`INSERT INTO "RecoveryCode" ("userId", "codeHash") VALUES (?, ?)`);
      for (const c of codes) insert.run(userId, sha256(normalizeCode(c)));
      return { replaced: totpEnabled === 1 };
    })
    .immediate();
  audit({ actor, action: "totp.enable", ok: Boolean(outcome), detail: outcome ?? { reason: "enrolment begun again meanwhile" } });
  return outcome ? codes : null;
}

/** Drops a pending enrolment; the active secret (if any) stays. */
export function abortEnrolment(userId: number, actor: Actor): void {
  const { changes } = sqlite().prepare(`UPDATE "User" SET "totpPendingSecret" = NULL WHERE "id" = ? AND "totpPendingSecret" IS NOT NULL`).run(userId);
  if (changes === 1) audit({ actor, action: "totp.enrol-abort", ok: true });
}

export async function disableTotp(session: ActiveSession, proof: Proof, actor: Actor): Promise<void> {
  await reauthenticate(session, proof, { actor, action: "totp.disable", secondFactor: true });
  turnOff(session.user.id);
  audit({ actor, action: "totp.disable", ok: true });
}

/**
 * `lintas admin reset-totp USER`: for the admin who lost the authenticator and the recovery codes. Whoever has
 * the router's shell owns it anyway; the user's sessions end, as one of them may be the reason.
 */
export function resetTotp(username: string, actor: Actor): { sessionsRevoked: number } {
  const db = sqlite();
  const user = db.prepare(`SELECT "id" FROM "User" WHERE "username" = ?`).get(username) as { id: number } | undefined;
  if (!user) throw new InputError(message("error.noSuchAdmin", { username }), "username");
  const sessionsRevoked = db
    .transaction(() => {
      turnOff(user.id);
      return db.prepare(`DELETE FROM "Session" WHERE "userId" = ?`).run(user.id).changes;
    })
    .immediate();
  audit({ actor, action: "totp.reset", ok: true, detail: { username, sessionsRevoked } });
  return { sessionsRevoked };
}

function turnOff(userId: number): void {
  const db = sqlite();
  db.transaction(() => {
    db.prepare(`DELETE FROM "RecoveryCode" WHERE "userId" = ?`).run(userId);
    db.prepare(
      `UPDATE "User" SET "totpEnabled" = 0, "totpSecret" = NULL, "totpPendingSecret" = NULL, "totpLastStep" = NULL WHERE "id" = ?`,
    ).run(userId);
  })();
}
