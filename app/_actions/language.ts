"use server";
import { cookies } from "next/headers";
import { z } from "zod";
import { LANGUAGES } from "@/lib/i18n";
import { saveUserLanguage } from "@/lib/preferences";
import { guardedAction } from "../_server/action";
import { LANGUAGE_COOKIE, overHttps } from "../_server/request";

// Works signed out too (the login page has the switcher); remembered in a cookie and on the admin's account.
export const setLanguage = guardedAction(
  z.enum(LANGUAGES),
  async (lang, { session }) => {
    (await cookies()).set(LANGUAGE_COOKIE, lang, { httpOnly: true, sameSite: "strict", secure: await overHttps(), path: "/", maxAge: 365 * 24 * 3600 });
    if (session) await saveUserLanguage(session.user.id, lang);
    return { ok: true as const };
  },
  { auth: false },
);
