"use client";
// A result message that announces itself and fades after a while.
import { useEffect, useState } from "react";

export type ToastMessage = { kind: "ok" | "warning" | "error"; text: string; id: number };

export function Toast({ message }: { message: ToastMessage | null }) {
  const [visible, setVisible] = useState<ToastMessage | null>(message);
  useEffect(() => {
    setVisible(message);
    if (message?.kind === "ok") {
      const timer = setTimeout(() => setVisible(null), 6000);
      return () => clearTimeout(timer);
    }
  }, [message]);
  if (!visible) return null;
  const style = {
    ok: "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100",
    warning: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
    error: "border-rose-300 bg-rose-50 text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100",
  }[visible.kind];
  return (
    <div role={visible.kind === "error" ? "alert" : "status"} className={`fixed right-4 bottom-24 z-50 max-w-sm whitespace-pre-line rounded-lg border px-4 py-3 text-sm shadow-lg ${style}`}>
      {visible.text}
    </div>
  );
}
