"use client";
// The switches, the pending-changes bar, the rule preview and Save & apply. Nothing reaches the router until
// Save & apply; then the kernel's read-back replaces the badges.
import { useMemo, useState, useTransition } from "react";
import { Spinner } from "@/components/spinner";
import { StatusBadge } from "@/components/status-badge";
import { Switch } from "@/components/switch";
import { Toast, type ToastMessage } from "@/components/toast";
import type { DiffLine } from "@/lib/diff";
import type { Passthrough, ProtocolId } from "@/netfilter";
import { switchValues } from "@/netfilter/protocols";
import { changesFrom, passthroughDiff } from "@/netfilter/switches";
import { applyAction, previewAction } from "./actions";
import { TraceDialog, type TraceLabels } from "./trace-dialog";
import type { Badge, ProtocolView } from "../protocol-view";

type Labels = Record<
  "switch" | "opens" | "weak" | "pending" | "pendingOne" | "discard" | "preview" | "hidePreview" | "save" | "applying" | "applied" | "failed" | "diffTitle" | "noDiff" | "diagnose",
  string
>;

export function PassthroughPanel({ protocols, saved: initialSaved, badges: initialBadges, labels, traceLabels, traceSeconds }: {
  protocols: ProtocolView[];
  saved: Passthrough;
  badges: Record<ProtocolId, Badge>;
  labels: Labels;
  traceLabels: TraceLabels;
  traceSeconds: number;
}) {
  const [saved, setSaved] = useState(initialSaved);
  const [draft, setDraft] = useState(initialSaved);
  const [badges, setBadges] = useState(initialBadges);
  const [diff, setDiff] = useState<DiffLine[] | null>(null);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const [applying, startApply] = useTransition();
  const [previewing, startPreview] = useTransition();
  const [diagnosing, setDiagnosing] = useState<ProtocolView | null>(null);
  const { changes, count } = useMemo(() => {
    const diff = passthroughDiff(saved, draft);
    return { changes: changesFrom(diff), count: diff.length };
  }, [saved, draft]);

  const set = (id: ProtocolId, key: string, value: boolean) => {
    setDiff(null);
    setDraft((d) => ({ ...d, [id]: { ...d[id], [key]: value } }));
  };

  const apply = () =>
    startApply(async () => {
      const result = await applyAction(changes);
      if (result.ok) {
        setSaved(result.passthrough);
        setDraft(result.passthrough);
        setBadges(result.badges);
        setDiff(null);
        // Warnings (an interface that is missing, a protocol stored on but unavailable) stay until dismissed.
        const text = [labels.applied, ...result.warnings].join("\n");
        setToast({ kind: result.warnings.length ? "warning" : "ok", text, id: Date.now() });
      } else {
        setToast({ kind: "error", text: labels.failed.replace("{error}", result.error), id: Date.now() });
      }
    });

  const togglePreview = () => {
    if (diff) return setDiff(null);
    startPreview(async () => {
      const result = await previewAction(changes);
      if (result.ok) setDiff(result.diff);
      else setToast({ kind: "error", text: result.error, id: Date.now() });
    });
  };

  return (
    <>
      <ul className="mt-6 space-y-4">
        {protocols.map((p) => {
          const settings = switchValues(draft, p.id);
          const badge = badges[p.id];
          const unavailable = badge.state === "unavailable";
          return (
            <li key={p.id} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900" data-testid={`protocol-${p.id}`}>
              <div className="flex items-start justify-between gap-4">
                <div className="min-w-0">
                  <div className="flex flex-wrap items-center gap-2">
                    <h2 className="text-base font-semibold">{p.title}</h2>
                    <StatusBadge state={badge.state} label={badge.label} testId={`state-${p.id}`} />
                    {p.weak && <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900/50 dark:text-amber-200">{labels.weak}</span>}
                  </div>
                  <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{p.summary}</p>
                  <p className="mt-1 text-xs text-slate-500">{labels.opens}: {p.opens}</p>
                  {badge.reason && <p className="mt-1 text-xs text-amber-700 dark:text-amber-300" data-testid={`reason-${p.id}`}>{badge.reason}</p>}
                  {badge.note && <p className="mt-1 text-xs text-slate-500" data-testid={`note-${p.id}`}>{badge.note}</p>}
                  <button type="button" onClick={() => setDiagnosing(p)} className="mt-2 rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800" data-testid={`diagnose-${p.id}`}>
                    {labels.diagnose}
                  </button>
                </div>
                <Switch checked={settings.enabled === true} disabled={unavailable || applying} onChange={(v) => set(p.id, "enabled", v)} label={labels.switch.replace("{protocol}", p.title)} />
              </div>
              {p.advice && (
                <p className={`mt-3 rounded-md px-3 py-2 text-xs ${p.weak ? "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100" : "bg-slate-50 text-slate-700 dark:bg-slate-800 dark:text-slate-300"}`}>
                  {p.advice}
                </p>
              )}
              {p.options.length > 0 && (
                <div className="mt-4 grid gap-3 border-t border-slate-100 pt-4 sm:grid-cols-3 dark:border-slate-800">
                  {p.options.map((o) => (
                    <div key={o.key} className="flex items-center justify-between gap-2 sm:justify-start">
                      <span className="text-sm">{o.label}</span>
                      <Switch small checked={settings[o.key] === true} disabled={!settings.enabled || applying} onChange={(v) => set(p.id, o.key, v)} label={o.label} />
                    </div>
                  ))}
                </div>
              )}
            </li>
          );
        })}
      </ul>

      {diff && (
        <section className="mt-6 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" aria-label={labels.diffTitle}>
          <h2 className="mb-2 text-sm font-semibold">{labels.diffTitle}</h2>
          {diff.some((l) => l.kind !== "same") ? (
            <pre className="overflow-x-auto text-xs leading-5" data-testid="rule-diff">
              {diff.map((line, i) => (
                <div key={i} className={line.kind === "add" ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200" : line.kind === "remove" ? "bg-rose-50 text-rose-800 dark:bg-rose-950 dark:text-rose-200" : "text-slate-500"}>
                  {line.kind === "add" ? "+ " : line.kind === "remove" ? "- " : "  "}
                  {line.text.trim()}
                </div>
              ))}
            </pre>
          ) : (
            <p className="text-sm">{labels.noDiff}</p>
          )}
        </section>
      )}

      {count > 0 && (
        <div className="fixed inset-x-0 bottom-0 z-40 border-t border-slate-200 bg-white/95 px-4 py-3 shadow-lg backdrop-blur md:left-60 dark:border-slate-800 dark:bg-slate-900/95" role="region" aria-label={labels.save}>
          <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3">
            <p className="text-sm font-medium" data-testid="pending-count">{count === 1 ? labels.pendingOne : labels.pending.replace("{count}", String(count))}</p>
            <div className="flex flex-wrap gap-2">
              <button type="button" onClick={() => { setDraft(saved); setDiff(null); }} disabled={applying} className="rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700">{labels.discard}</button>
              <button type="button" onClick={togglePreview} disabled={applying || previewing} className="rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700">
                {previewing ? <Spinner /> : diff ? labels.hidePreview : labels.preview}
              </button>
              <button type="button" onClick={apply} disabled={applying} className="inline-flex items-center gap-2 rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-800 disabled:opacity-60">
                {applying ? <Spinner label={labels.applying} /> : labels.save}
              </button>
            </div>
          </div>
        </div>
      )}
      {diagnosing && <TraceDialog protocol={diagnosing} seconds={traceSeconds} labels={traceLabels} onClose={() => setDiagnosing(null)} />}
      <Toast message={toast} />
    </>
  );
}
