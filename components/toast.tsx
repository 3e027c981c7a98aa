"use client";
// A result message that announces itself and fades after a while.
import { useEffect, useState } from "react";

export type ToastMessage = { kind: "ok" | "error"; text: string; id: number };

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
  const style = visible.kind === "ok"
    ? "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100"
    : "border-rose-300 bg-rose-50 text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100";
  return (
    <div role={visible.kind === "ok" ? "status" : "alert"} className={`fixed right-4 bottom-24 z-50 max-w-sm rounded-lg border px-4 py-3 text-sm shadow-lg ${style}`}>
      {visible.text}
    </div>
  );
}
