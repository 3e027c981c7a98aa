// Admin accounts: creation, password changes (web and `lintas admin set-password`), sign-in.
import { db } from "../db/client";
import { audit, type Actor } from "../audit";
import { InputError } from "../errors";
import { isMessageKey, message } from "../i18n";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./crypto";
import { passwordSchema, usernameSchema } from "./policy";
import { createSession, revokeAllSessions } from "./sessions";
import { clearFailures, recordFailure, throttleKeys, throttleWait, userKey } from "./throttle";
import { verifySecondFactor } from "./totp";

/** Validates a username/password pair; the policy's zod messages are i18n keys (see lib/i18n/en.ts). */
export function checkCredentials(username: string, password: string): { username: string } {
  const name = usernameSchema.safeParse(username);
  if (!name.success) throw policyError(name.error.issues[0]!.message, "username");
  const pass = passwordSchema(name.data).safeParse(password);
  if (!pass.success) throw policyError(pass.error.issues[0]!.message, "password");
  return { username: name.data };
}

const policyError = (text: string, field: string) => new InputError(isMessageKey(text) ? { key: text } : text, field);

export async function createAdmin(username: string, password: string): Promise<number> {
  const checked = checkCredentials(username, password);
  const user = await db().user.create({ data: { username: checked.username, passwordHash: await hashPassword(password) } });
  return user.id;
}

/**
 * Sets a user's password and signs them out everywhere; creates the admin if there is none (headless
 * provisioning and recovery for someone with shell access).
 */
export async function setPassword(username: string, password: string, actor: Actor): Promise<"created" | "changed"> {
  const checked = checkCredentials(username, password);
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
  await clearFailures([userKey(checked.username)]);
  await audit({ actor, action: "admin.password-set", ok: true, detail: { username: checked.username, sessionsRevoked: revoked } });
  return "changed";
}

export async function changePassword(userId: number, current: string, next: string, keepSession: string, actor: Actor) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(user.passwordHash, current))) {
    await audit({ actor, action: "admin.password-change", ok: false, detail: { reason: "wrong current password" } });
    throw new InputError(message("password.wrongCurrent"), "current");
  }
  checkCredentials(user.username, next);
  await db().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(next), passwordChangedAt: new Date() } });
  const revoked = await revokeAllSessions(userId, keepSession);
  await audit({ actor, action: "admin.password-change", ok: true, detail: { sessionsRevoked: revoked } });
}

export type LoginInput = { username: string; password: string; code?: string; userAgent: string };
export type LoginResult =
  | { ok: true; token: string }
  | { ok: false; reason: "failed" | "needCode" | "badCode" | "throttled"; waitMs?: number };

export async function login(input: LoginInput, actor: Actor): Promise<LoginResult> {
  const address = actor.address ?? "local";
  const keys = throttleKeys(input.username, address);
  const user = await db().user.findUnique({ where: { username: input.username } });
  // A name that is no account is not written down: it is often a password typed into the wrong field.
  const who = { ...actor, name: user ? user.username : "(unknown user)" };
  const waitMs = await throttleWait(keys);
  if (waitMs > 0) {
    await audit({ actor: who, action: "login.throttled", ok: false, detail: { waitSeconds: Math.ceil(waitMs / 1000) } });
    return { ok: false, reason: "throttled", waitMs };
  }
  const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!user || !passwordOk) {
    await recordFailure(keys);
    await audit({ actor: who, action: "login.failed", ok: false, detail: { reason: user ? "wrong password" : "no such user" } });
    return { ok: false, reason: "failed" };
  }
  if (user.totpEnabled) {
    if (!input.code) return { ok: false, reason: "needCode" };
    if (!(await verifySecondFactor(user.id, input.code))) {
      await recordFailure(keys);
      await audit({ actor: who, action: "login.failed", ok: false, detail: { reason: "wrong second-factor code" } });
      return { ok: false, reason: "badCode" };
    }
  }
  await clearFailures(keys);
  const token = await createSession(user.id, address, input.userAgent);
  await audit({ actor: who, action: "login.ok", ok: true, detail: { secondFactor: user.totpEnabled } });
  return { ok: true, token };
}
