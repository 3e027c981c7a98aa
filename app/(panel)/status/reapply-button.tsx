"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Spinner } from "@/components/spinner";
import { Toast, type ToastMessage } from "@/components/toast";
import { reapplyAction } from "./actions";

export function ReapplyButton({ label }: { label: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [toast, setToast] = useState<ToastMessage | null>(null);
  return (
    <>
      <button
        type="button"
        disabled={pending}
        onClick={() => start(async () => {
          const result = await reapplyAction(undefined);
          setToast({ kind: result.ok ? "ok" : "error", text: result.ok ? result.message : result.error, id: Date.now() });
          router.refresh();
        })}
        className="inline-flex items-center gap-2 rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-800 disabled:opacity-60"
      >
        {pending ? <Spinner /> : null}
        {label}
      </button>
      <Toast message={toast} />
    </>
  );
}
