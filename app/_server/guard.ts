// The checks every state-changing request passes before it reaches lib/: same origin (CSRF), then a session; and
// the services' errors as words in the caller's language. Server actions (./action.ts) and route handlers share them.
import { headers } from "next/headers";
import { isSameOrigin } from "@/lib/auth/csrf";
import type { ActiveSession } from "@/lib/auth/sessions";
import { ApplyFailedError, FieldsError, InputError } from "@/lib/errors";
import type { Message, Translator } from "@/lib/i18n";
import { currentSession, currentTranslator, ownOrigin } from "./request";

export type Guarded =
  | { ok: true; session: ActiveSession | null; t: Translator }
  | { ok: false; status: 401 | 403; error: string; t: Translator };

export async function guardRequest(options: { auth: boolean }): Promise<Guarded> {
  const session = await currentSession();
  const { t } = await currentTranslator(session);
  if (!isSameOrigin((await headers()).get("origin"), await ownOrigin())) return { ok: false, status: 403, error: t("error.csrf"), t };
  if (options.auth && !session) return { ok: false, status: 401, error: t("error.auth"), t };
  return { ok: true, session, t };
}

/** A service's deliberate error in the caller's language (and the fields it names); undefined for anything else. */
export function serviceError(error: unknown, t: Translator): { error: string; fields?: Record<string, string> } | undefined {
  if (error instanceof FieldsError) return { error: t("error.invalid"), fields: fieldErrors(error.fields, t) };
  if (error instanceof InputError) {
    const text = error.text ? t(error.text.key, error.text.params) : error.message;
    return { error: text, fields: error.field ? { [error.field]: text } : undefined };
  }
  if (error instanceof ApplyFailedError) return { error: t(error.text.key, error.text.params) };
  return undefined;
}

/** Each field's message in the caller's language. */
export function fieldErrors(fields: Partial<Record<string, Message>>, t: Translator): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).flatMap(([field, text]) => (text ? [[field, t(text.key, text.params)]] : [])));
}
