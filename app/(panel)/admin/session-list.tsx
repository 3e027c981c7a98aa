"use client";
// The admin's sessions. Ending this browser's own session (one row, or all of them) signs this browser out, so
// it is asked first.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { LocalTime } from "@/components/local-time";
import { revokeSessionAction, signOutEverywhereAction } from "./actions";

export type SessionRow = { id: string; address: string; client: string; createdAt: string; lastSeenAt: string; current: boolean };
export type SessionLabels = Record<"current" | "revoke" | "everywhere" | "created" | "lastSeen" | "confirmOwn" | "confirmEverywhere" | "yesSignOut" | "cancel", string>;

const small = "rounded-md border px-2.5 py-1 text-xs font-medium";
const neutral = "border-slate-400 hover:bg-slate-100 dark:border-slate-500 dark:hover:bg-slate-800";
const danger = "border-rose-700 text-rose-800 hover:bg-rose-50 dark:border-rose-400 dark:text-rose-300 dark:hover:bg-rose-950";

export function SessionList({ sessions, labels }: { sessions: SessionRow[]; labels: SessionLabels }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  // Which sign-out of this browser waits for a yes: its own row, or everywhere.
  const [asking, setAsking] = useState<"own" | "everywhere" | null>(null);
  const revoke = (id: string) => start(async () => { await revokeSessionAction(id); router.refresh(); });
  const confirm = (question: string, yes: () => void) => (
    <div role="group" aria-label={question} className="mt-2 flex flex-wrap items-center gap-2 rounded-md border border-amber-400 bg-amber-50 p-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
      <p>{question}</p>
      <button type="button" disabled={pending} onClick={yes} className={`${small} ${danger} bg-white dark:bg-slate-900`}>{labels.yesSignOut}</button>
      <button type="button" disabled={pending} onClick={() => setAsking(null)} className={`${small} ${neutral} bg-white dark:bg-slate-900`}>{labels.cancel}</button>
    </div>
  );
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800" data-testid="sessions">
        {sessions.map((s) => (
          <li key={s.id} className="py-2">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <div className="min-w-0">
                <p className="font-medium">
                  {s.client} · <span translate="no">{s.address}</span>
                  {s.current && <span className="ml-1 text-xs font-normal text-emerald-800 dark:text-emerald-300">({labels.current})</span>}
                </p>
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  {labels.created} <LocalTime at={s.createdAt} /> · {labels.lastSeen} <LocalTime at={s.lastSeenAt} />
                </p>
              </div>
              <button
                type="button"
                disabled={pending}
                onClick={() => (s.current ? setAsking("own") : revoke(s.id))}
                className={`${small} ${neutral}`}
                aria-label={`${labels.revoke}: ${s.client}, ${s.address}`}
              >
                {labels.revoke}
              </button>
            </div>
            {s.current && asking === "own" && confirm(labels.confirmOwn, () => revoke(s.id))}
          </li>
        ))}
      </ul>
      <button type="button" disabled={pending} onClick={() => setAsking("everywhere")} className={`${small} ${danger} py-2 text-sm`}>{labels.everywhere}</button>
      {asking === "everywhere" && confirm(labels.confirmEverywhere, () => start(async () => { await signOutEverywhereAction(undefined); }))}
    </div>
  );
}
