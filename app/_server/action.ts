// Every server action goes through here: same-origin check (CSRF), session check, zod parse, then one call
// into lib/. Errors come back as state the form shows; messages are in the caller's language.
import type { z } from "zod";
import type { Actor } from "@/lib/audit";
import type { ActiveSession } from "@/lib/auth/sessions";
import { isMessageKey, type Translator } from "@/lib/i18n";
import { guardRequest, serviceError } from "./guard";
import { actorFor } from "./request";

/** `signedOut`: refused for want of a session (expired or revoked), so the page can offer to sign in again. */
export type ActionError = { ok: false; error: string; fieldErrors?: Record<string, string>; signedOut?: true };
export type ActionContext = { session: ActiveSession | null; actor: Actor; t: Translator };

type Options = { auth: boolean };

export function guardedAction<S extends z.ZodType, R extends object>(
  schema: S,
  run: (input: z.infer<S>, ctx: ActionContext) => Promise<R>,
  options: Options = { auth: true },
): (input: unknown) => Promise<R | ActionError> {
  return async (input) => {
    const guard = await guardRequest(options);
    if (!guard.ok) return { ok: false, error: guard.error, ...(guard.status === 401 ? { signedOut: true as const } : {}) };
    const { session, t } = guard;
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
      const failed = serviceError(error, t);
      if (!failed) throw error;
      return { ok: false, error: failed.error, fieldErrors: failed.fields };
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
