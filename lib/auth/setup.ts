// First run: no default password. While no admin exists the server holds a one-time setup code, printed to its
// log and stored hashed; the first visitor must give it to create the admin account.
import { db } from "../db/client";
import { audit, type Actor } from "../audit";
import { message, type Message } from "../i18n";
import { humanCode, normalizeCode, sameSecret, sha256 } from "./crypto";
import { createAdmin } from "./accounts";
import { credentialIssues, type FieldIssues } from "./policy";
import { clearAttempts, reserveAttempt } from "./throttle";

export const adminExists = async () => (await db().user.count()) > 0;

/** Creates a fresh setup code if no admin exists and returns it (to print), else undefined. */
export async function issueSetupCode(): Promise<string | undefined> {
  if (await adminExists()) return undefined;
  const code = humanCode(4);
  const codeHash = sha256(normalizeCode(code));
  await db().setupCode.upsert({ where: { id: 1 }, create: { id: 1, codeHash }, update: { codeHash, createdAt: new Date() } });
  return code;
}

export type SetupInput = { code: string; username: string; password: string; confirm: string };
export type SetupResult = { ok: true; userId: number } | { ok: false; reason: "done" } | { ok: false; reason: "invalid"; issues: FieldIssues<keyof SetupInput> };

/**
 * Creates the admin. Every field is judged in one answer: the code (when one was typed) and the account's
 * rules; the admin is created only when nothing is wrong.
 */
export async function completeSetup(input: SetupInput, actor: Actor): Promise<SetupResult> {
  if (await adminExists()) return { ok: false, reason: "done" };
  const codeIssue = await checkSetupCode(input.code, actor);
  const issues: FieldIssues<keyof SetupInput> = { ...(codeIssue ? { code: codeIssue } : {}), ...(await credentialIssues(input)) };
  if (Object.keys(issues).length) return { ok: false, reason: "invalid", issues };
  const userId = await createAdmin(input.username, input.password);
  await db().setupCode.deleteMany({});
  await audit({ actor: { ...actor, name: input.username }, action: "setup.admin-created", ok: true, detail: { username: input.username } });
  return { ok: true, userId };
}

/** What is wrong with the code typed, through the throttle (a typed code is a try); undefined when it is right. */
async function checkSetupCode(code: string, actor: Actor): Promise<Message | undefined> {
  if (!code.trim()) return message("setup.codeRequired");
  const keys = [{ id: `setup:${actor.address ?? "local"}`, locks: true }];
  const attempt = reserveAttempt(keys);
  if (!attempt.ok) return message("login.throttled", { seconds: Math.ceil(attempt.waitMs / 1000) });
  const row = await db().setupCode.findUnique({ where: { id: 1 } });
  if (!row || !sameSecret(row.codeHash, sha256(normalizeCode(code)))) {
    await audit({ actor, action: "setup.failed", ok: false, detail: { reason: "bad setup code" } });
    return message("setup.badCode");
  }
  // The code was right: whatever else is wrong costs no try.
  clearAttempts(keys);
  return undefined;
}
