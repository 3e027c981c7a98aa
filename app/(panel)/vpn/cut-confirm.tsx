"use client";
// Before a Save that cuts open VPN connections: which devices lose theirs, and a choice. Cancel is the default.
import { useEffect, useRef } from "react";
import { CutList } from "./cut-list";
import type { Say } from "./words";

export function CutConfirm({ lines, say, onConfirm, onCancel }: { lines: string[]; say: Say; onConfirm: () => void; onCancel: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      onCancel={onCancel}
      aria-labelledby="cut-confirm-title"
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      data-testid="cut-confirm"
    >
      <h2 id="cut-confirm-title" className="text-base font-semibold">{say("vpn.confirm.title")}</h2>
      <p className="mt-2 text-sm">{say("vpn.confirm.body")}</p>
      <CutList lines={lines} testId="cut-confirm-list" />
      <div className="mt-5 flex flex-wrap justify-end gap-2">
        <button type="button" autoFocus onClick={onCancel} className="rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700">{say("vpn.confirm.cancel")}</button>
        <button type="button" onClick={onConfirm} className="rounded-md bg-rose-700 px-3 py-2 text-sm font-semibold text-white hover:bg-rose-800">{say("vpn.confirm.cut")}</button>
      </div>
    </dialog>
  );
}
