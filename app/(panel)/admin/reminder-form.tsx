"use client";
// After how many days a switch left on is flagged on the status page and in `lintas status`.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Spinner } from "@/components/spinner";
import { Toast, type ToastMessage } from "@/components/toast";
import { setReminderAction } from "./reminder-action";

export function ReminderForm({ days, max, labels }: { days: number; max: number; labels: Record<"intro" | "days" | "save", string> }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [value, setValue] = useState(String(days));
  const [toast, setToast] = useState<ToastMessage | null>(null);
  return (
    <form
      className="space-y-3"
      data-testid="reminder-form"
      onSubmit={(event) => {
        event.preventDefault();
        start(async () => {
          const result = await setReminderAction({ days: value });
          setToast({ kind: result.ok ? "ok" : "error", text: result.ok ? result.message : result.error, id: Date.now() });
          router.refresh();
        });
      }}
    >
      <p className="text-sm text-slate-600 dark:text-slate-400">{labels.intro}</p>
      <label className="flex items-center gap-2 text-sm">
        <span>{labels.days}</span>
        <input
          type="number"
          name="days"
          min={1}
          max={max}
          required
          value={value}
          onChange={(event) => setValue(event.target.value)}
          className="w-24 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
        />
      </label>
      <button
        type="submit"
        disabled={pending || value === String(days)}
        className="inline-flex items-center gap-2 rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-800 disabled:opacity-60"
      >
        {pending ? <Spinner /> : null}
        {labels.save}
      </button>
      <Toast message={toast} />
    </form>
  );
}
