"use client";
import { useRouter } from "next/navigation";
import { useActionState, useState, useTransition } from "react";
import { Field, SubmitButton } from "@/components/field";
import { Spinner } from "@/components/spinner";
import { abortTotpAction, beginTotpAction, changePasswordAction, confirmTotpAction, disableTotpAction, revokeSessionAction, signOutEverywhereAction } from "./actions";

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

type TotpLabels = Record<
  "on" | "off" | "enable" | "replace" | "cancel" | "proveOn" | "proveOff" | "scan" | "key" | "code" | "confirm" | "disable" | "recovery" | "password",
  string
>;
type ProofResult = { ok: true } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * Off: the password starts an enrolment. On: the password and a current (or recovery) code replace the
 * authenticator or turn it off. An enrolment shows the new key until a code from it is confirmed or it is cancelled.
 */
export function TotpSection({ enabled, labels }: { enabled: boolean; labels: TotpLabels }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [enrolment, setEnrolment] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [proofCode, setProofCode] = useState("");

  const failed = (result: ProofResult) => {
    if (!result.ok) setErrors(result.fieldErrors?.password || result.fieldErrors?.code ? result.fieldErrors : { form: result.error });
  };

  if (codes) {
    return (
      <div className="space-y-2">
        <p className="text-sm">{labels.recovery}</p>
        <ul className="grid grid-cols-2 gap-1 font-mono text-sm" data-testid="recovery-codes">{codes.map((c) => <li key={c}>{c}</li>)}</ul>
      </div>
    );
  }
  if (enrolment) {
    return (
      <div className="space-y-3">
        <p className="text-sm">{labels.scan}</p>
        <div className="w-48 rounded bg-white p-2" dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }} />
        <p className="text-sm">{labels.key}: <code className="font-mono" data-testid="totp-secret">{enrolment.secret}</code></p>
        <form
          className="flex max-w-sm flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const result = await confirmTotpAction({ code });
              if (result.ok) setCodes(result.codes);
              else setErrors({ form: result.error });
            });
          }}
        >
          <div className="flex-1"><label className="block text-sm font-medium" htmlFor="totp-code">{labels.code}</label>
            <input id="totp-code" value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900" />
          </div>
          <SubmitButton pending={pending}>{labels.confirm}</SubmitButton>
          <button
            type="button"
            disabled={pending}
            onClick={() => start(async () => { await abortTotpAction(undefined); setEnrolment(null); setErrors({}); router.refresh(); })}
            className="rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700"
          >
            {labels.cancel}
          </button>
        </form>
        {errors.form && <p role="alert" className="text-sm text-rose-600">{errors.form}</p>}
      </div>
    );
  }
  const begin = () =>
    start(async () => {
      const result = await beginTotpAction({ password, code: proofCode || undefined });
      if (result.ok) {
        setEnrolment(result);
        setErrors({});
        setCode("");
      } else failed(result);
      setPassword("");
      setProofCode("");
    });
  const disable = () =>
    start(async () => {
      const result = await disableTotpAction({ password, code: proofCode || undefined });
      if (result.ok) router.refresh();
      else failed(result);
      setPassword("");
      setProofCode("");
    });
  return (
    <form
      className="max-w-sm space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        begin();
      }}
    >
      <p className="text-sm">{enabled ? labels.on : labels.off}</p>
      <p className="text-sm text-slate-600 dark:text-slate-400">{enabled ? labels.proveOn : labels.proveOff}</p>
      <Field label={labels.password} name="totp-password" type="password" autoComplete="current-password" value={password} onChange={setPassword} error={errors.password} />
      {enabled && <Field label={labels.code} name="totp-proof-code" autoComplete="one-time-code" value={proofCode} onChange={setProofCode} error={errors.code} />}
      {errors.form && <p role="alert" className="text-sm text-rose-600">{errors.form}</p>}
      <div className="flex flex-wrap gap-2">
        <SubmitButton pending={pending}>{enabled ? labels.replace : labels.enable}</SubmitButton>
        {enabled && (
          <button type="button" disabled={pending} onClick={disable} className="rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700">
            {labels.disable}
          </button>
        )}
      </div>
    </form>
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
