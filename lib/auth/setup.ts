// First run: no default password. While no admin exists the server holds a one-time setup code, printed to its
// log and stored hashed; the first visitor must give it to create the admin account.
import { db } from "../db/client";
import { audit, type Actor } from "../audit";
import { humanCode, normalizeCode, sameSecret, sha256 } from "./crypto";
import { createAdmin } from "./accounts";
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

export type SetupResult = { ok: true; userId: number } | { ok: false; reason: "done" | "badCode" | "throttled"; waitMs?: number };

export async function completeSetup(input: { code: string; username: string; password: string }, actor: Actor): Promise<SetupResult> {
  if (await adminExists()) return { ok: false, reason: "done" };
  const keys = [{ id: `setup:${actor.address ?? "local"}`, locks: true }];
  const attempt = reserveAttempt(keys);
  if (!attempt.ok) return { ok: false, reason: "throttled", waitMs: attempt.waitMs };
  const row = await db().setupCode.findUnique({ where: { id: 1 } });
  if (!row || !sameSecret(row.codeHash, sha256(normalizeCode(input.code)))) {
    await audit({ actor, action: "setup.failed", ok: false, detail: { reason: "bad setup code" } });
    return { ok: false, reason: "badCode" };
  }
  // The code was right: a password the policy refuses next costs no try.
  clearAttempts(keys);
  const userId = await createAdmin(input.username, input.password);
  await db().setupCode.deleteMany({});
  await audit({ actor: { ...actor, name: input.username }, action: "setup.admin-created", ok: true, detail: { username: input.username } });
  return { ok: true, userId };
}
