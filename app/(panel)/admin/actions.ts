"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { changePassword } from "@/lib/auth/accounts";
import { SessionEndedError } from "@/lib/auth/reauth";
import { revokeAllSessions, revokeSession } from "@/lib/auth/sessions";
import { abortEnrolment, beginEnrolment, confirmEnrolment, disableTotp } from "@/lib/auth/totp";
import { audit } from "@/lib/audit";
import { guardedAction, guardedFormAction } from "../../_server/action";
import { clearSessionCookie } from "../../_server/request";

// Only the shape here: the service judges every field in one answer.
const passwordInput = z.object({ current: z.string().max(1024), password: z.string().max(1024), confirm: z.string().max(1024) });

/** Too many wrong answers ended this session: sign the browser out too, and go to the login page. */
async function signedOutIfEnded<R>(run: () => Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof SessionEndedError)) throw error;
    await clearSessionCookie();
    redirect("/login?ended=reauth");
  }
}

export const changePasswordAction = guardedFormAction(passwordInput, async (input, { session, actor, t }) =>
  signedOutIfEnded(async () => {
    await changePassword(session!, input, actor);
    return { ok: true as const, message: t("admin.passwordChanged") };
  }),
);

// The password, and while TOTP is on a current code or unused recovery code.
const proofInput = z.object({ password: z.string().min(1, "password.currentRequired"), code: z.string().trim().max(32).optional() });

export const beginTotpAction = guardedAction(proofInput, async (proof, { session, actor }) =>
  signedOutIfEnded(async () => ({ ok: true as const, ...(await beginEnrolment(session!, proof, actor)) })),
);

export const confirmTotpAction = guardedAction(z.object({ code: z.string().trim().min(6, "admin.totpCodeFormat").max(8, "admin.totpCodeFormat") }), async ({ code }, { session, actor, t }) => {
  const codes = confirmEnrolment(session!.user.id, code, actor);
  return codes ? { ok: true as const, codes } : { ok: false as const, error: t("login.badTotp") };
});

export const abortTotpAction = guardedAction(z.undefined(), async (_input, { session, actor }) => {
  abortEnrolment(session!.user.id, actor);
  return { ok: true as const };
});

export const disableTotpAction = guardedAction(proofInput, async (proof, { session, actor }) =>
  signedOutIfEnded(async () => {
    await disableTotp(session!, proof, actor);
    return { ok: true as const };
  }),
);

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
