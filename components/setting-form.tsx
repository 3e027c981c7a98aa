"use client";
// A small settings form: its fields as children (none for a lone action button), one button, the answer as a
// toast, then the page read again. The action comes in as a prop (`save`), with the answer it gives.
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { Spinner } from "./spinner";
import { Toast, type ToastMessage } from "./toast";

type SaveAnswer = { ok: true; message: string; warned?: boolean } | { ok: false; error: string };

export function SettingForm({ save, unchanged, label, testId, children }: {
  save: () => Promise<SaveAnswer>;
  /** Nothing to save yet: the button waits. */
  unchanged: boolean;
  label: string;
  testId: string;
  children?: ReactNode;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [toast, setToast] = useState<ToastMessage | null>(null);
  return (
    <form
      className="space-y-3"
      data-testid={testId}
      onSubmit={(event) => {
        event.preventDefault();
        start(async () => {
          const result = await save();
          setToast({ kind: result.ok ? (result.warned ? "warning" : "ok") : "error", text: result.ok ? result.message : result.error, id: Date.now() });
          router.refresh();
        });
      }}
    >
      {children}
      <button
        type="submit"
        disabled={pending || unchanged}
        className="inline-flex items-center gap-2 rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-800 disabled:opacity-60"
      >
        {pending ? <Spinner /> : null}
        {label}
      </button>
      <Toast message={toast} />
    </form>
  );
}
