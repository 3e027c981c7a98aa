"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { login } from "@/lib/auth/accounts";
import { completeSetup } from "@/lib/auth/setup";
import { guardedFormAction } from "../../_server/action";
import { setSessionCookie } from "../../_server/request";

const setupInput = z
  .object({ code: z.string().trim().min(1, "setup.badCode"), username: z.string(), password: z.string(), confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "password.mismatch", path: ["confirm"] });

export const setupAction = guardedFormAction(
  setupInput,
  async (input, { actor, t }) => {
    const result = await completeSetup(input, actor);
    if (!result.ok) {
      if (result.reason === "done") redirect("/login");
      const error = result.reason === "throttled" ? t("login.throttled", { seconds: Math.ceil((result.waitMs ?? 0) / 1000) }) : t("setup.badCode");
      return { ok: false as const, error, fieldErrors: { code: error } };
    }
    const signedIn = await login({ username: input.username, password: input.password, userAgent: "setup" }, actor);
    if (signedIn.ok) await setSessionCookie(signedIn.token);
    redirect("/vpn");
  },
  { auth: false },
);
