"use client";
// A labelled input with its rule (hint) above and its error underneath, both tied to it for screen readers; a
// password field has a Show/Hide button. And the submit that keeps what was typed when the answer is a refusal.
import { startTransition, useState } from "react";
import { CodeText } from "./code-text";
import { useWords } from "./words";

export function Field({ label, name, type = "text", hint, error, autoComplete, defaultValue, inputMode, value, onChange }: {
  label: string;
  name: string;
  type?: "text" | "password";
  /** What the value must be (or where to find it), shown before anyone gets it wrong; `commands` as code. */
  hint?: string;
  error?: string;
  autoComplete?: string;
  defaultValue?: string;
  inputMode?: "numeric" | "text";
  /** Controlled use, for fields a script reads (not a form submit). */
  value?: string;
  onChange?: (value: string) => void;
}) {
  const { show, hide } = useWords();
  const [revealed, setRevealed] = useState(false);
  const id = `field-${name}`;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      {hint && <p id={`${id}-hint`} className="text-xs text-slate-600 dark:text-slate-400"><CodeText text={hint} /></p>}
      <div className="relative">
        <input
          id={id}
          name={name}
          type={type === "password" && !revealed ? "password" : "text"}
          autoComplete={autoComplete}
          autoCapitalize={type === "password" || autoComplete === "username" ? "none" : undefined}
          spellCheck={false}
          defaultValue={defaultValue}
          value={value}
          onChange={onChange ? (e) => onChange(e.target.value) : undefined}
          inputMode={inputMode}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          className={`block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-500/30 focus:outline-none dark:bg-slate-900 ${
            error ? "border-rose-600 dark:border-rose-400" : "border-slate-400 dark:border-slate-500"
          } ${type === "password" ? "pr-24" : ""}`}
        />
        {type === "password" && (
          // Named by its text ("Show (Password)"), so it is never taken for the field's own label.
          <button
            type="button"
            aria-controls={id}
            onClick={() => setRevealed(!revealed)}
            className="absolute inset-y-1 right-1 rounded px-2 text-xs font-medium text-sky-800 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-sky-300 dark:hover:bg-slate-800"
          >
            {revealed ? hide : show}
            <span className="sr-only"> ({label})</span>
          </button>
        )}
      </div>
      {error && <p id={`${id}-error`} className="text-sm text-rose-700 dark:text-rose-400">{error}</p>}
    </div>
  );
}

export function SubmitButton({ children, pending }: { children: React.ReactNode; pending?: boolean }) {
  return (
    <button
      type="submit"
      disabled={pending}
      className="inline-flex items-center justify-center gap-2 rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-sky-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 disabled:opacity-60 dark:focus-visible:ring-offset-slate-900"
    >
      {children}
    </button>
  );
}

/**
 * onSubmit for a form whose action comes from useActionState: sends the same FormData, but not through
 * <form action>, after which React empties the form. A refused setup keeps its code and passwords for the next try.
 */
export function keepingInput(dispatch: (form: FormData) => void) {
  return (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => dispatch(form));
  };
}
