"use client";
import { useActionState } from "react";
import { Field, keepingInput, SubmitButton } from "@/components/field";
import { Spinner } from "@/components/spinner";
import { setupAction } from "./actions";

type Labels = Record<"code" | "codeHint" | "username" | "usernameHint" | "password" | "passwordHint" | "confirm" | "submit", string>;

export function SetupForm({ labels }: { labels: Labels }) {
  const [state, action, pending] = useActionState(setupAction, null);
  const errors: Record<string, string | undefined> = (state && "fieldErrors" in state && state.fieldErrors) || {};
  return (
    <form action={action} onSubmit={keepingInput(action)} noValidate className="space-y-4">
      <Field label={labels.code} hint={labels.codeHint} name="code" autoComplete="off" error={errors.code} />
      <Field label={labels.username} hint={labels.usernameHint} name="username" autoComplete="username" defaultValue="admin" error={errors.username} />
      <Field label={labels.password} hint={labels.passwordHint} name="password" type="password" autoComplete="new-password" error={errors.password} />
      <Field label={labels.confirm} name="confirm" type="password" autoComplete="new-password" error={errors.confirm} />
      {state && !state.ok && !Object.keys(errors).length && <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">{state.error}</p>}
      <SubmitButton pending={pending}>{pending ? <Spinner /> : null}{labels.submit}</SubmitButton>
    </form>
  );
}
