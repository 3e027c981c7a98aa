"use client";
import { useActionState, useEffect, useRef } from "react";
import { Field, keepingInput, SubmitButton } from "@/components/field";
import { Spinner } from "@/components/spinner";
import { changePasswordAction } from "./actions";

export function PasswordForm({ labels }: { labels: Record<"current" | "new" | "newHint" | "confirm" | "save", string> }) {
  const [state, action, pending] = useActionState(changePasswordAction, null);
  const form = useRef<HTMLFormElement>(null);
  const errors: Record<string, string | undefined> = (state && "fieldErrors" in state && state.fieldErrors) || {};
  // What was typed stays after a refusal; after a change the passwords leave the page.
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  return (
    <form ref={form} action={action} onSubmit={keepingInput(action)} noValidate className="max-w-sm space-y-4">
      <Field label={labels.current} name="current" type="password" autoComplete="current-password" error={errors.current} />
      <Field label={labels.new} hint={labels.newHint} name="password" type="password" autoComplete="new-password" error={errors.password} />
      <Field label={labels.confirm} name="confirm" type="password" autoComplete="new-password" error={errors.confirm} />
      {state && (state.ok || !Object.keys(errors).length) && (
        <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-800 dark:text-emerald-300" : "text-rose-700 dark:text-rose-400"}`}>
          {state.ok ? state.message : state.error}
        </p>
      )}
      <SubmitButton pending={pending}>{pending ? <Spinner /> : null}{labels.save}</SubmitButton>
    </form>
  );
}
