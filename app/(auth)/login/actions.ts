"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { login } from "@/lib/auth/accounts";
import { endSessionByToken } from "@/lib/auth/sessions";
import { guardedFormAction } from "../../_server/action";
import { SESSION_COOKIE, setSessionCookie } from "../../_server/request";

const loginInput = z.object({
  username: z.string().trim().min(1, "username.required").max(64),
  password: z.string().min(1, "password.required").max(256),
  code: z.string().trim().max(32).optional(),
});

export const loginAction = guardedFormAction(
  loginInput,
  async (input, { actor, t }) => {
    const userAgent = (await headers()).get("user-agent") ?? "";
    const result = await login({ ...input, code: input.code || undefined, userAgent }, actor);
    if (result.ok) {
      // A fresh session id at every sign-in: end whatever session this browser had (no fixation).
      await endSessionByToken((await cookies()).get(SESSION_COOKIE)?.value);
      await setSessionCookie(result.token);
      redirect("/vpn");
    }
    switch (result.reason) {
      case "needCode":
        return { ok: false as const, needCode: true, error: t("login.totpNeeded") };
      case "badCode":
        return { ok: false as const, needCode: true, error: t("login.badTotp") };
      case "usedCode":
        return { ok: false as const, needCode: true, error: t("login.usedTotp") };
      case "throttled":
        return { ok: false as const, error: t("login.throttled", { seconds: Math.ceil((result.waitMs ?? 0) / 1000) }) };
      default:
        return { ok: false as const, error: t("login.failed") };
    }
  },
  { auth: false },
);
