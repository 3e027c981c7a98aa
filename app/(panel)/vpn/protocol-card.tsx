"use client";
// One protocol: what it is for in plain words (the technical detail folded away), its verdict, what saving would
// change, what it lets through with the sub-options as drafted, and who uses it right now.
import type { ReactNode } from "react";
import { Switch } from "@/components/switch";
import type { Passthrough } from "@/netfilter/config";
import { switchValues } from "@/netfilter/protocols";
import type { ProtocolUse } from "@/lib/passthrough/in-use";
import { allowedWires, inUseText, PENDING_WORDS, type Pending } from "./changes";
import { BadgeExplanation, ProtocolBadge } from "./protocol-badge";
import type { Say } from "./words";
import type { Badge, ProtocolView } from "../protocol-view";

export function ProtocolCard({ protocol: p, detail, draft, badge, pending, use, busy, say, diagnose, test, expiry, scope, onSet, onDiagnose }: {
  protocol: ProtocolView;
  detail: string;
  draft: Passthrough;
  badge: Badge;
  pending?: Pending;
  use?: ProtocolUse;
  busy: boolean;
  say: Say;
  diagnose: string;
  /** The card's Test button (runs a short trace of the protocol). */
  test: ReactNode;
  /** How long the switch stays on, and its time left (expiry-control.tsx). */
  expiry: ReactNode;
  /** Who may use it, to where (scope-editor.tsx). */
  scope: ReactNode;
  onSet: (key: string, value: boolean) => void;
  onDiagnose: () => void;
}) {
  const settings = switchValues(draft, p.id);
  const on = settings.enabled === true;
  const inUse = inUseText(use, say);
  return (
    <li
      data-testid={`protocol-${p.id}`}
      data-pending={pending}
      className={`rounded-xl border bg-white p-5 shadow-sm dark:bg-slate-900 ${pending ? "border-sky-500 ring-1 ring-sky-500 dark:border-sky-400 dark:ring-sky-400" : "border-slate-200 dark:border-slate-800"}`}
    >
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="text-base font-semibold">{p.title}</h2>
            <ProtocolBadge id={p.id} badge={badge} />
            {pending && (
              <span className="text-xs font-semibold text-sky-800 dark:text-sky-300" data-testid={`pending-${p.id}`}>
                → {say(PENDING_WORDS[pending])}
              </span>
            )}
            {p.weak && <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900/50 dark:text-amber-200">{say("vpn.weak")}</span>}
          </div>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{p.summary}</p>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400" data-testid={`allows-${p.id}`}>
            {say(on ? "vpn.allows" : "vpn.allowsWhenOn", { wires: allowedWires(draft, p.id) })}
          </p>
          {inUse && <p className="mt-1 text-xs text-slate-600 dark:text-slate-400" data-testid={`in-use-${p.id}`}>{inUse}</p>}
          <BadgeExplanation id={p.id} badge={badge} />
        </div>
        <Switch checked={on} disabled={badge.state === "unavailable" || busy} onChange={(v) => onSet("enabled", v)} label={say("vpn.switch", { protocol: p.title })} />
      </div>
      {p.advice && (
        <p className={`mt-3 rounded-md px-3 py-2 text-xs ${p.weak ? "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100" : "bg-slate-50 text-slate-700 dark:bg-slate-800 dark:text-slate-300"}`}>{p.advice}</p>
      )}
      {p.options.length > 0 && (
        <div className="mt-4 grid gap-3 border-t border-slate-100 pt-4 sm:grid-cols-3 dark:border-slate-800">
          {p.options.map((o) => (
            <div key={o.key} className="flex items-center justify-between gap-2 sm:justify-start">
              <span className="text-sm">{o.label}</span>
              <Switch small checked={settings[o.key] === true} disabled={!on || busy} onChange={(v) => onSet(o.key, v)} label={o.label} />
            </div>
          ))}
        </div>
      )}
      {expiry}
      {scope}
      <div className="mt-3 flex flex-wrap items-start gap-3">
        <button type="button" onClick={onDiagnose} className="rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800" data-testid={`diagnose-${p.id}`}>
          {diagnose}
        </button>
        {test}
        <details className="min-w-0 flex-1 text-xs text-slate-600 dark:text-slate-400" data-testid={`details-${p.id}`}>
          <summary className="cursor-pointer py-1 font-medium text-slate-700 dark:text-slate-300">{say("vpn.details")}</summary>
          <p className="mt-1">{detail}</p>
        </details>
      </div>
    </li>
  );
}
