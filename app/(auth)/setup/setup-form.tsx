"use client";
import { useActionState } from "react";
import { Field, SubmitButton } from "@/components/field";
import { Spinner } from "@/components/spinner";
import { setupAction } from "./actions";

type Labels = Record<"code" | "username" | "password" | "confirm" | "submit", string>;

export function SetupForm({ labels }: { labels: Labels }) {
  const [state, action, pending] = useActionState(setupAction, null);
  const errors: Record<string, string | undefined> = (state && "fieldErrors" in state && state.fieldErrors) || {};
  return (
    <form action={action} className="space-y-4">
      <Field label={labels.code} name="code" autoComplete="off" error={errors.code} />
      <Field label={labels.username} name="username" autoComplete="username" defaultValue="admin" error={errors.username} />
      <Field label={labels.password} name="password" type="password" autoComplete="new-password" error={errors.password} />
      <Field label={labels.confirm} name="confirm" type="password" autoComplete="new-password" error={errors.confirm} />
      {state && !state.ok && !Object.keys(errors).length && <p role="alert" className="text-sm text-rose-600">{state.error}</p>}
      <SubmitButton pending={pending}>{pending ? <Spinner /> : null}{labels.submit}</SubmitButton>
    </form>
  );
}
