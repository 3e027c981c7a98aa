"use client";
import { useActionState } from "react";
import { Field, keepingInput, SubmitButton } from "@/components/field";
import { Spinner } from "@/components/spinner";
import { loginAction } from "./actions";

type Labels = Record<"username" | "password" | "code" | "submit", string>;

export function LoginForm({ labels, notice }: { labels: Labels; notice?: string }) {
  const [state, action, pending] = useActionState(loginAction, null);
  const needCode = Boolean(state && "needCode" in state && state.needCode);
  const errors: Record<string, string | undefined> = (state && "fieldErrors" in state && state.fieldErrors) || {};
  return (
    <form action={action} onSubmit={keepingInput(action)} noValidate className="space-y-4">
      {notice && !state && <p className="text-sm text-slate-600 dark:text-slate-400">{notice}</p>}
      {/* After the first step username and password stay in the form (hidden) so the code step re-sends them. */}
      <div className={needCode ? "hidden" : "space-y-4"}>
        <Field label={labels.username} name="username" autoComplete="username" error={errors.username} />
        <Field label={labels.password} name="password" type="password" autoComplete="current-password" error={errors.password} />
      </div>
      {needCode && <Field label={labels.code} name="code" autoComplete="one-time-code" inputMode="numeric" error={errors.code} />}
      {state && !state.ok && !Object.keys(errors).length && <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">{state.error}</p>}
      <SubmitButton pending={pending}>{pending ? <Spinner /> : null}{labels.submit}</SubmitButton>
    </form>
  );
}
