"use client";
import { useRouter } from "next/navigation";
import { useActionState, useState, useTransition } from "react";
import { Field, SubmitButton } from "@/components/field";
import { Spinner } from "@/components/spinner";
import { beginTotpAction, changePasswordAction, confirmTotpAction, disableTotpAction, revokeSessionAction, signOutEverywhereAction } from "./actions";

export function PasswordForm({ labels }: { labels: Record<"current" | "new" | "confirm" | "save", string> }) {
  const [state, action, pending] = useActionState(changePasswordAction, null);
  const errors: Record<string, string | undefined> = (state && "fieldErrors" in state && state.fieldErrors) || {};
  return (
    <form action={action} className="max-w-sm space-y-4">
      <Field label={labels.current} name="current" type="password" autoComplete="current-password" error={errors.current} />
      <Field label={labels.new} name="password" type="password" autoComplete="new-password" error={errors.password} />
      <Field label={labels.confirm} name="confirm" type="password" autoComplete="new-password" error={errors.confirm} />
      {state && <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-700" : "text-rose-600"}`}>{state.ok ? state.message : !Object.keys(errors).length ? state.error : null}</p>}
      <SubmitButton pending={pending}>{pending ? <Spinner /> : null}{labels.save}</SubmitButton>
    </form>
  );
}

export function TotpSection({ enabled, labels }: { enabled: boolean; labels: Record<"on" | "off" | "enable" | "scan" | "key" | "code" | "confirm" | "disable" | "recovery" | "password", string> }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [enrolment, setEnrolment] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");

  if (codes) {
    return (
      <div className="space-y-2">
        <p className="text-sm">{labels.recovery}</p>
        <ul className="grid grid-cols-2 gap-1 font-mono text-sm" data-testid="recovery-codes">{codes.map((c) => <li key={c}>{c}</li>)}</ul>
      </div>
    );
  }
  if (enabled) {
    return (
      <form
        className="max-w-sm space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const result = await disableTotpAction({ password });
            if (result.ok) router.refresh();
            else setError(result.error);
          });
        }}
      >
        <p className="text-sm">{labels.on}</p>
        <Field label={labels.password} name="totp-password" type="password" autoComplete="current-password" value={password} onChange={setPassword} error={error ?? undefined} />
        <button type="submit" disabled={pending} className="rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700">{labels.disable}</button>
      </form>
    );
  }
  if (enrolment) {
    return (
      <div className="space-y-3">
        <p className="text-sm">{labels.scan}</p>
        <div className="w-48 rounded bg-white p-2" dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }} />
        <p className="text-sm">{labels.key}: <code className="font-mono" data-testid="totp-secret">{enrolment.secret}</code></p>
        <form
          className="flex max-w-sm items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const result = await confirmTotpAction({ code });
              if (result.ok) setCodes(result.codes);
              else setError(result.error);
            });
          }}
        >
          <div className="flex-1"><label className="block text-sm font-medium" htmlFor="totp-code">{labels.code}</label>
            <input id="totp-code" value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900" />
          </div>
          <SubmitButton pending={pending}>{labels.confirm}</SubmitButton>
        </form>
        {error && <p role="alert" className="text-sm text-rose-600">{error}</p>}
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <p className="text-sm">{labels.off}</p>
      <button type="button" disabled={pending} onClick={() => start(async () => { const r = await beginTotpAction(undefined); if (r.ok) setEnrolment(r); })} className="rounded-md bg-sky-700 px-3 py-2 text-sm font-semibold text-white">{labels.enable}</button>
    </div>
  );
}

export type SessionRow = { id: string; address: string; userAgent: string; createdAt: string; lastSeenAt: string; current: boolean };

export function SessionList({ sessions, labels }: { sessions: SessionRow[]; labels: Record<"current" | "revoke" | "everywhere" | "created" | "lastSeen", string> }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800" data-testid="sessions">
        {sessions.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <div className="min-w-0">
              <p className="font-medium">{s.address} {s.current && <span className="text-xs text-emerald-700">({labels.current})</span>}</p>
              <p className="truncate text-xs text-slate-500">{s.userAgent}</p>
              <p className="text-xs text-slate-500">{labels.created} {s.createdAt} · {labels.lastSeen} {s.lastSeenAt}</p>
            </div>
            <button type="button" disabled={pending} onClick={() => start(async () => { await revokeSessionAction(s.id); router.refresh(); })} className="rounded-md border border-slate-300 px-2 py-1 text-xs dark:border-slate-700">{labels.revoke}</button>
          </li>
        ))}
      </ul>
      <button type="button" disabled={pending} onClick={() => start(async () => { await signOutEverywhereAction(undefined); })} className="rounded-md border border-rose-300 px-3 py-2 text-sm text-rose-700 dark:border-rose-800 dark:text-rose-300">{labels.everywhere}</button>
    </div>
  );
}
