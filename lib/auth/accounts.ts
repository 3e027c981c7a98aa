// Admin accounts: creation, password changes (web and `lintas admin set-password`), sign-in.
import { db } from "../db/client";
import { audit, type Actor } from "../audit";
import { InputError } from "../errors";
import { isMessageKey, message } from "../i18n";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./crypto";
import { passwordSchema, usernameSchema } from "./policy";
import { reauthenticate } from "./reauth";
import { verifySecondFactor } from "./second-factor";
import { createSession, revokeAllSessions, type ActiveSession } from "./sessions";
import { clearAccountAttempts, clearAttempts, refundAttempt, reserveAttempt, signInKeys, THROTTLE } from "./throttle";

/** Validates a username/password pair; the policy's zod messages are i18n keys (see lib/i18n/en.ts). */
export async function checkCredentials(username: string, password: string): Promise<{ username: string }> {
  const name = usernameSchema.safeParse(username);
  if (!name.success) throw policyError(name.error.issues[0]!.message, "username");
  const pass = await passwordSchema(name.data).safeParseAsync(password);
  if (!pass.success) throw policyError(pass.error.issues[0]!.message, "password");
  return { username: name.data };
}

const policyError = (text: string, field: string) => new InputError(isMessageKey(text) ? { key: text } : text, field);

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

/** The signed-in admin's own password: the current one is proved through the throttle; other sessions end. */
export async function changePassword(session: ActiveSession, current: string, next: string, actor: Actor) {
  await reauthenticate(session, { password: current }, { actor, action: "admin.password-change", passwordField: "current" });
  await checkCredentials(session.user.username, next);
  await db().user.update({ where: { id: session.user.id }, data: { passwordHash: await hashPassword(next), passwordChangedAt: new Date() } });
  const revoked = await revokeAllSessions(session.user.id, session.id);
  await audit({ actor, action: "admin.password-change", ok: true, detail: { sessionsRevoked: revoked } });
}

export type LoginInput = { username: string; password: string; code?: string; userAgent: string };
export type LoginResult =
  | { ok: true; token: string }
  | { ok: false; reason: "failed" | "needCode" | "badCode" | "throttled"; waitMs?: number };

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
    if (!verifySecondFactor(user.id, input.code)) {
      await failed("wrong second-factor code");
      return { ok: false, reason: "badCode" };
    }
  }
  clearAttempts(keys);
  const token = await createSession(user.id, actor.address ?? "local", input.userAgent);
  await audit({ actor: who, action: "login.ok", ok: true, detail: { secondFactor: user.totpEnabled } });
  return { ok: true, token };
}
