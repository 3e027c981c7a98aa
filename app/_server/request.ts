// The Next.js side of auth: cookies, the caller's address and language. Pages and actions use these; the
// rules themselves live in lib/auth.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Actor } from "@/lib/audit";
import { sessionFromToken, type ActiveSession } from "@/lib/auth/sessions";
import { fromAcceptLanguage, isLanguage, translator, type Language, type Translator } from "@/lib/i18n";

export const SESSION_COOKIE = "lintas_session";
export const LANGUAGE_COOKIE = "lintas_lang";

export async function currentSession(): Promise<ActiveSession | null> {
  return sessionFromToken((await cookies()).get(SESSION_COOKIE)?.value);
}

export async function requireSession(): Promise<ActiveSession> {
  const session = await currentSession();
  if (!session) redirect("/login");
  return session;
}

/** The client's address: `lintas serve` overwrites X-Forwarded-For with the socket's address. */
export async function clientAddress(): Promise<string> {
  return (await headers()).get("x-forwarded-for")?.split(",").pop()?.trim() || "unknown";
}

export async function actorFor(session: ActiveSession | null, fallbackName = "anonymous"): Promise<Actor> {
  return { name: session?.user.username ?? fallbackName, address: await clientAddress() };
}

export async function setSessionCookie(token: string): Promise<void> {
  const https = (await headers()).get("x-forwarded-proto") === "https";
  (await cookies()).set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "strict", secure: https, path: "/" });
}

export async function clearSessionCookie(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}

/** Language: the cookie the switcher sets, then the admin's saved choice, then Accept-Language. */
export async function currentLanguage(session?: ActiveSession | null): Promise<Language> {
  const cookie = (await cookies()).get(LANGUAGE_COOKIE)?.value;
  if (isLanguage(cookie)) return cookie;
  if (isLanguage(session?.user.language)) return session.user.language;
  return fromAcceptLanguage((await headers()).get("accept-language"));
}

export async function currentTranslator(session?: ActiveSession | null): Promise<{ lang: Language; t: Translator }> {
  const lang = await currentLanguage(session);
  return { lang, t: translator(lang) };
}
