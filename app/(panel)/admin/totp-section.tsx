"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Field, SubmitButton } from "@/components/field";
import { abortTotpAction, beginTotpAction, confirmTotpAction, disableTotpAction } from "./actions";
import { RecoveryCodes, type RecoveryLabels } from "./recovery-codes";
import type { ActionError } from "../../_server/action";

export type TotpLabels = Record<
  "on" | "off" | "enable" | "replace" | "cancel" | "proveOn" | "proveOff" | "scan" | "key" | "newCode" | "proofCode" | "confirm" | "disable" | "password",
  string
> & { recovery: RecoveryLabels };
type Refusal = ActionError;

const secondary = "rounded-md border border-slate-400 px-3 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-500 dark:hover:bg-slate-800";

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

  const failed = (result: Refusal) => setErrors(result.fieldErrors?.password || result.fieldErrors?.code ? result.fieldErrors : { form: result.error });

  if (codes) return <RecoveryCodes codes={codes} labels={labels.recovery} />;
  if (enrolment) {
    return (
      <div className="space-y-3">
        <p className="text-sm">{labels.scan}</p>
        <div className="w-48 rounded bg-white p-2" dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }} />
        <p className="text-sm">{labels.key}: <code className="font-mono" data-testid="totp-secret" translate="no">{enrolment.secret}</code></p>
        <form
          className="flex max-w-sm flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const result = await confirmTotpAction({ code });
              if (result.ok) setCodes(result.codes);
              else setErrors({ code: ("fieldErrors" in result && result.fieldErrors?.code) || result.error });
            });
          }}
        >
          <div className="flex-1">
            <Field label={labels.newCode} name="totp-code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={setCode} error={errors.code} />
          </div>
          <SubmitButton pending={pending}>{labels.confirm}</SubmitButton>
          <button
            type="button"
            disabled={pending}
            onClick={() => start(async () => { await abortTotpAction(undefined); setEnrolment(null); setErrors({}); router.refresh(); })}
            className={secondary}
          >
            {labels.cancel}
          </button>
        </form>
      </div>
    );
  }
  // A refused proof keeps what was typed; a proof that worked leaves nothing behind.
  const prove = <R extends { ok: true }>(action: (proof: unknown) => Promise<R | Refusal>, then: (result: R) => void) =>
    start(async () => {
      const result = await action({ password, code: proofCode || undefined });
      if (!result.ok) return failed(result);
      setErrors({});
      setPassword("");
      setProofCode("");
      then(result);
    });
  return (
    <form
      className="max-w-sm space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        prove(beginTotpAction, (result) => {
          setEnrolment(result);
          setCode("");
        });
      }}
    >
      <p className="text-sm">{enabled ? labels.on : labels.off}</p>
      <p className="text-sm text-slate-600 dark:text-slate-400">{enabled ? labels.proveOn : labels.proveOff}</p>
      <Field label={labels.password} name="totp-password" type="password" autoComplete="current-password" value={password} onChange={setPassword} error={errors.password} />
      {enabled && <Field label={labels.proofCode} name="totp-proof-code" autoComplete="one-time-code" value={proofCode} onChange={setProofCode} error={errors.code} />}
      {errors.form && <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">{errors.form}</p>}
      <div className="flex flex-wrap gap-2">
        <SubmitButton pending={pending}>{enabled ? labels.replace : labels.enable}</SubmitButton>
        {enabled && (
          <button type="button" disabled={pending} onClick={() => prove(disableTotpAction, () => router.refresh())} className={secondary}>
            {labels.disable}
          </button>
        )}
      </div>
    </form>
  );
}
