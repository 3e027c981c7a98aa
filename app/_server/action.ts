// Every server action goes through here: same-origin check (CSRF), session check, zod parse, then one call
// into lib/. Errors come back as state the form shows; messages are in the caller's language.
import { headers } from "next/headers";
import type { z } from "zod";
import type { Actor } from "@/lib/audit";
import { isSameOrigin } from "@/lib/auth/csrf";
import type { ActiveSession } from "@/lib/auth/sessions";
import { ApplyFailedError, InputError } from "@/lib/errors";
import { isMessageKey, type Translator } from "@/lib/i18n";
import { actorFor, currentSession, currentTranslator } from "./request";

export type ActionError = { ok: false; error: string; fieldErrors?: Record<string, string> };
export type ActionContext = { session: ActiveSession | null; actor: Actor; t: Translator };

type Options = { auth: boolean };

export function guardedAction<S extends z.ZodType, R extends object>(
  schema: S,
  run: (input: z.infer<S>, ctx: ActionContext) => Promise<R>,
  options: Options = { auth: true },
): (input: unknown) => Promise<R | ActionError> {
  return async (input) => {
    const h = await headers();
    const session = await currentSession();
    const { t } = await currentTranslator(session);
    if (!isSameOrigin(h.get("origin"), h.get("host"))) return { ok: false, error: t("error.csrf") };
    if (options.auth && !session) return { ok: false, error: t("error.auth") };
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path.join(".") || "_";
        fieldErrors[field] ??= isMessageKey(issue.message) ? t(issue.message) : issue.message;
      }
      return { ok: false, error: t("error.invalid"), fieldErrors };
    }
    try {
      return await run(parsed.data, { session, actor: await actorFor(session), t });
    } catch (error) {
      // The services' errors carry a message; rendered here in the page's language.
      if (error instanceof InputError) {
        const message = error.text ? t(error.text.key, error.text.params) : error.message;
        return { ok: false, error: message, fieldErrors: error.field ? { [error.field]: message } : undefined };
      }
      if (error instanceof ApplyFailedError) return { ok: false, error: t(error.text.key, error.text.params) };
      throw error;
    }
  };
}

/** The same guard for <form action> with useActionState: FormData in, state out. */
export function guardedFormAction<S extends z.ZodType, R extends object>(
  schema: S,
  run: (input: z.infer<S>, ctx: ActionContext) => Promise<R>,
  options: Options = { auth: true },
): (previous: unknown, form: FormData) => Promise<R | ActionError> {
  const action = guardedAction(schema, run, options);
  return (_previous, form) => action(Object.fromEntries(form));
}
