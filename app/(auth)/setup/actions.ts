"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { login } from "@/lib/auth/accounts";
import { completeSetup } from "@/lib/auth/setup";
import { guardedFormAction } from "../../_server/action";
import { fieldErrors } from "../../_server/guard";
import { setSessionCookie } from "../../_server/request";

// Only the shape here: the rules are the service's, which judges every field in one answer.
const setupInput = z.object({ code: z.string().max(64), username: z.string().max(64), password: z.string().max(1024), confirm: z.string().max(1024) });

export const setupAction = guardedFormAction(
  setupInput,
  async (input, { actor, t }) => {
    const result = await completeSetup(input, actor);
    if (!result.ok) {
      if (result.reason === "done") redirect("/login");
      return { ok: false as const, error: t("error.invalid"), fieldErrors: fieldErrors(result.issues, t) };
    }
    const userAgent = (await headers()).get("user-agent") ?? "";
    const signedIn = await login({ username: input.username, password: input.password, userAgent }, actor);
    if (signedIn.ok) await setSessionCookie(signedIn.token);
    redirect("/vpn");
  },
  { auth: false },
);
