// The Next.js side of auth: cookies, the caller's address and language. Pages and actions use these; the
// rules themselves live in lib/auth.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Actor } from "@/lib/audit";
import { sessionFromToken, type ActiveSession } from "@/lib/auth/sessions";
import { fromAcceptLanguage, isLanguage, translator, type Language, type Translator } from "@/lib/i18n";

export const SESSION_COOKIE = "lintas_session";
export const LANGUAGE_COOKIE = "lintas_lang";

/** Once per request when rendering (the root layout, the panel layout and the page all ask). */
export const currentSession = cache(async (): Promise<ActiveSession | null> => sessionFromToken((await cookies()).get(SESSION_COOKIE)?.value));

export async function requireSession(): Promise<ActiveSession> {
  const session = await currentSession();
  if (!session) redirect("/login");
  return session;
}

// `lintas serve` sets X-Forwarded-For, -Proto and -Host itself (cli/serve/forwarded-headers.ts): a client's own
// are dropped unless its peer is a --trusted-proxy. That is the only reason these may be believed.

/** The client's address: the socket's (the last a trusted proxy added). */
export async function clientAddress(): Promise<string> {
  return (await headers()).get("x-forwarded-for")?.split(",").pop()?.trim() || "unknown";
}

/** Whether the browser's connection is HTTPS: TLS on the socket (or at a trusted proxy). */
export async function overHttps(): Promise<boolean> {
  return (await headers()).get("x-forwarded-proto") === "https";
}

/** The panel's origin as this request reached it (scheme, host, port), for the Origin check. */
export async function ownOrigin(): Promise<string | null> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host");
  return host ? `${(await overHttps()) ? "https" : "http"}://${host}` : null;
}

export async function actorFor(session: ActiveSession | null, fallbackName = "anonymous"): Promise<Actor> {
  return { name: session?.user.username ?? fallbackName, address: await clientAddress() };
}

export async function setSessionCookie(token: string): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "strict", secure: await overHttps(), path: "/" });
}

export async function clearSessionCookie(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}

/**
 * Language: the cookie the switcher sets, then the admin's saved choice, then Accept-Language. Without a session
 * given, the request's own is looked up, so every part of a page (the root layout's lang and title included)
 * speaks the language its text is in.
 */
export async function currentLanguage(session?: ActiveSession | null): Promise<Language> {
  const cookie = (await cookies()).get(LANGUAGE_COOKIE)?.value;
  if (isLanguage(cookie)) return cookie;
  const user = session === undefined ? await currentSession() : session;
  if (isLanguage(user?.user.language)) return user.user.language;
  return fromAcceptLanguage((await headers()).get("accept-language"));
}

export async function currentTranslator(session?: ActiveSession | null): Promise<{ lang: Language; t: Translator }> {
  const lang = await currentLanguage(session);
  return { lang, t: translator(lang) };
}
