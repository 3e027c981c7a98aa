// Re-authentication: what a signed-in session must prove again before a change to the account itself (password,
// second factor). It goes through the sign-in throttle, so a stolen session guesses no faster than the login
// page allows, and a session that gives the wrong password REAUTH_LIMIT times is ended.
import { audit, type Actor } from "../audit";
import { db } from "../db/client";
import { sqlite } from "../db/sqlite";
import { InputError } from "../errors";
import { message, type MessageKey } from "../i18n";
import { verifyPassword } from "./crypto";
import { verifySecondFactor } from "./second-factor";
import type { ActiveSession } from "./sessions";
import { clearAttempts, reserveAttempt, signInKeys, THROTTLE } from "./throttle";

export const REAUTH_LIMIT = 5;

/** The session was ended for too many wrong answers; the caller signs the browser out. */
export class SessionEndedError extends InputError {
  constructor() {
    super(message("session.endedReauth"));
    this.name = "SessionEndedError";
  }
}

export type Proof = { password: string; code?: string };
export type ReauthOptions = {
  actor: Actor;
  /** What is being done, for the audit log (e.g. `totp.disable`). */
  action: string;
  /** Also a current code or unused recovery code, when the account has TOTP on. */
  secondFactor?: boolean;
  /** The form field the password was typed into. */
  passwordField?: string;
};

export async function reauthenticate(session: ActiveSession, proof: Proof, options: ReauthOptions): Promise<void> {
  const { actor, action, passwordField = "password" } = options;
  const keys = signInKeys(session.user.username, actor.address ?? "local");
  const attempt = reserveAttempt(keys);
  if (!attempt.ok) {
    const seconds = Math.ceil(attempt.waitMs / 1000);
    // Noise, like a throttled sign-in: a flood of these must not fill the log's security events.
    audit({ actor, action: "login.throttled", ok: false, detail: { waitSeconds: seconds, during: action } });
    throw new InputError(message("login.throttled", { seconds }), passwordField);
  }
  const user = await db().user.findUniqueOrThrow({ where: { id: session.user.id } });
  const fail = (reason: string, key: MessageKey, field: string) => {
    if (attempt.locked) audit({ actor, action: "login.locked", ok: false, detail: { minutes: THROTTLE.lockMs / 60_000, during: action } });
    audit({ actor, action, ok: false, detail: { reason } });
    countFailure(session.id, actor);
    return new InputError({ key }, field);
  };
  if (!(await verifyPassword(user.passwordHash, proof.password))) throw fail("wrong password", "password.wrongCurrent", passwordField);
  if (options.secondFactor && user.totpEnabled) {
    const check = proof.code ? verifySecondFactor(user.id, proof.code) : "wrong";
    if (check === "used") throw fail("second-factor code already used", "login.usedTotp", "code");
    if (check === "wrong") throw fail("wrong second-factor code", "login.badTotp", "code");
  }
  clearAttempts(keys);
}

/** One more wrong answer in this session; at the limit the session is ended (audited once). */
function countFailure(sessionId: string, actor: Actor): void {
  const db = sqlite();
  const row = db.prepare(`UPDATE "Session" SET "reauthFailures" = "reauthFailures" + 1 WHERE "id" = ? RETURNING "reauthFailures" AS failures`).get(sessionId) as
    | { failures: number }
    | undefined;
  if (row && row.failures < REAUTH_LIMIT) return;
  if (db.prepare(`DELETE FROM "Session" WHERE "id" = ?`).run(sessionId).changes === 1) {
    audit({ actor, action: "session.ended-reauth", ok: false, detail: { wrongAnswers: row?.failures } });
  }
  throw new SessionEndedError();
}
