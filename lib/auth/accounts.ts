// Admin accounts: creation, password changes (web and `lintas admin set-password`), sign-in.
import { db } from "../db/client";
import { audit, type Actor } from "../audit";
import { FieldsError, InputError } from "../errors";
import { message } from "../i18n";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./crypto";
import { credentialIssues, usernameSchema, type FieldIssues } from "./policy";
import { reauthenticate, SessionEndedError } from "./reauth";
import { verifySecondFactor } from "./second-factor";
import { createSession, revokeAllSessions, type ActiveSession } from "./sessions";
import { clearAccountAttempts, clearAttempts, refundAttempt, reserveAttempt, signInKeys, THROTTLE } from "./throttle";

/** Validates a username/password pair (InputError naming the field); returns the username as stored. */
export async function checkCredentials(username: string, password: string): Promise<{ username: string }> {
  const issues = await credentialIssues({ username, password, confirm: password });
  if (Object.keys(issues).length) throw new FieldsError(issues);
  return { username: usernameSchema.parse(username) };
}

export async function createAdmin(username: string, password: string): Promise<number> {
  const checked = await checkCredentials(username, password);
  const user = await db().user.create({ data: { username: checked.username, passwordHash: await hashPassword(password) } });
  return user.id;
}

/**
 * Sets a user's password and signs them out everywhere; creates the admin if there is none (headless
 * provisioning and recovery for someone with shell access).
 */
export async function setPassword(username: string, password: string, actor: Actor): Promise<"created" | "changed"> {
  const checked = await checkCredentials(username, password);
  const user = await db().user.findUnique({ where: { username: checked.username } });
  if (!user) {
    if ((await db().user.count()) > 0) throw new InputError(message("error.noSuchAdmin", { username }), "username");
    await createAdmin(checked.username, password);
    await db().setupCode.deleteMany({});
    await audit({ actor, action: "admin.created", ok: true, detail: { username: checked.username } });
    return "created";
  }
  await db().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password), passwordChangedAt: new Date() } });
  const revoked = await revokeAllSessions(user.id);
  clearAccountAttempts(checked.username);
  await audit({ actor, action: "admin.password-set", ok: true, detail: { username: checked.username, sessionsRevoked: revoked } });
  return "changed";
}

export type PasswordChange = { current: string; password: string; confirm: string };

/**
 * The signed-in admin's own password; other sessions end. Every field is judged in one answer (FieldsError):
 * the new password against the policy, and the current one, when typed, through the throttle.
 */
export async function changePassword(session: ActiveSession, input: PasswordChange, actor: Actor) {
  const issues: FieldIssues<"current" | "password" | "confirm"> = await credentialIssues({ username: session.user.username, ...input });
  if (!input.current) issues.current = message("password.currentRequired");
  else {
    try {
      await reauthenticate(session, { password: input.current }, { actor, action: "admin.password-change", passwordField: "current" });
    } catch (error) {
      if (!(error instanceof InputError) || error instanceof SessionEndedError || !error.text) throw error;
      issues.current = error.text;
    }
  }
  if (Object.keys(issues).length) throw new FieldsError(issues);
  await db().user.update({ where: { id: session.user.id }, data: { passwordHash: await hashPassword(input.password), passwordChangedAt: new Date() } });
  const revoked = await revokeAllSessions(session.user.id, session.id);
  await audit({ actor, action: "admin.password-change", ok: true, detail: { sessionsRevoked: revoked } });
}

export type LoginInput = { username: string; password: string; code?: string; userAgent: string };
export type LoginResult =
  | { ok: true; token: string }
  | { ok: false; reason: "failed" | "needCode" | "badCode" | "usedCode" | "throttled"; waitMs?: number };

export async function login(input: LoginInput, actor: Actor): Promise<LoginResult> {
  const keys = signInKeys(input.username, actor.address ?? "local");
  // Counted before anything is awaited, let alone the password checked: parallel guesses queue here in order.
  const attempt = reserveAttempt(keys);
  const user = await db().user.findUnique({ where: { username: input.username } });
  // A name that is no account is not written down: it is often a password typed into the wrong field.
  const who = { ...actor, name: user ? user.username : "(unknown user)" };
  if (!attempt.ok) {
    await audit({ actor: who, action: "login.throttled", ok: false, detail: { waitSeconds: Math.ceil(attempt.waitMs / 1000) } });
    return { ok: false, reason: "throttled", waitMs: attempt.waitMs };
  }
  const failed = async (reason: string) => {
    if (attempt.locked) await audit({ actor: who, action: "login.locked", ok: false, detail: { minutes: THROTTLE.lockMs / 60_000 } });
    await audit({ actor: who, action: "login.failed", ok: false, detail: { reason } });
  };
  const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!user || !passwordOk) {
    await failed(user ? "wrong password" : "no such user");
    return { ok: false, reason: "failed" };
  }
  if (user.totpEnabled) {
    if (!input.code) {
      // The password was right; only a wrong code should cost a try.
      refundAttempt(keys);
      return { ok: false, reason: "needCode" };
    }
    const check = verifySecondFactor(user.id, input.code);
    if (check !== "ok") {
      await failed(check === "used" ? "second-factor code already used" : "wrong second-factor code");
      return { ok: false, reason: check === "used" ? "usedCode" : "badCode" };
    }
  }
  clearAttempts(keys);
  const token = await createSession(user.id, actor.address ?? "local", input.userAgent);
  await audit({ actor: who, action: "login.ok", ok: true, detail: { secondFactor: user.totpEnabled } });
  return { ok: true, token };
}
