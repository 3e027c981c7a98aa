"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { changePassword } from "@/lib/auth/accounts";
import { revokeAllSessions, revokeSession } from "@/lib/auth/sessions";
import { beginEnrolment, confirmEnrolment, disableTotp } from "@/lib/auth/totp";
import { audit } from "@/lib/audit";
import { guardedAction, guardedFormAction } from "../../_server/action";
import { clearSessionCookie } from "../../_server/request";

const passwordInput = z
  .object({ current: z.string().min(1), password: z.string(), confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "password.mismatch", path: ["confirm"] });

export const changePasswordAction = guardedFormAction(passwordInput, async (input, { session, actor, t }) => {
  await changePassword(session!.user.id, input.current, input.password, session!.id, actor);
  return { ok: true as const, message: t("admin.passwordChanged") };
});

export const beginTotpAction = guardedAction(z.undefined(), async (_input, { session }) => ({
  ok: true as const,
  ...(await beginEnrolment(session!.user.id)),
}));

export const confirmTotpAction = guardedAction(z.object({ code: z.string().trim().min(6).max(8) }), async ({ code }, { session, actor, t }) => {
  const codes = await confirmEnrolment(session!.user.id, code, actor);
  return codes ? { ok: true as const, codes } : { ok: false as const, error: t("login.badTotp") };
});

export const disableTotpAction = guardedAction(z.object({ password: z.string().min(1, "password.wrongCurrent") }), async ({ password }, { session, actor }) => {
  await disableTotp(session!.user.id, password, actor);
  return { ok: true as const };
});

export const revokeSessionAction = guardedAction(z.string().length(64), async (id, { session, actor }) => {
  await revokeSession(session!.user.id, id);
  await audit({ actor, action: "session.revoke", ok: true });
  if (id === session!.id) {
    await clearSessionCookie();
    redirect("/login");
  }
  return { ok: true as const };
});

export const signOutEverywhereAction = guardedAction(z.undefined(), async (_input, { session, actor }) => {
  const count = await revokeAllSessions(session!.user.id);
  await audit({ actor, action: "session.revoke-all", ok: true, detail: { sessions: count } });
  await clearSessionCookie();
  redirect("/login");
});
