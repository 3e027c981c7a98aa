"use client";
// The Monitor page's live part: flows, blocked attempts (each with "allow this device") and advice, refreshed
// every 2 seconds from GET /monitor/data while the tab is shown.
import { useState, useTransition } from "react";
import type { MonitorPayload } from "@/lib/monitor";
import { Spinner } from "@/components/spinner";
import { Toast, type ToastMessage } from "@/components/toast";
import type { ActionError } from "../../_server/action";
import { FlowTable, type FlowLabels } from "./flow-table";
import { usePolled } from "./use-polled";

export type MonitorLabels = {
  flows: string;
  noFlows: string;
  others: string;
  blocked: string;
  blockedIntro: string;
  blockedNone: string;
  allow: string;
  advice: string;
  refreshFailed: string;
  columns: FlowLabels;
};

type Allow = (input: { protocol: string; device: string; server: string }) => Promise<{ ok: true; message: string } | ActionError>;

const POLL_MS = 2000;
const card = "rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900";

export function MonitorLive({ initial, labels, allow }: { initial: MonitorPayload; labels: MonitorLabels; allow: Allow }) {
  const { data, error, refresh } = usePolled<MonitorPayload>("/monitor/data", initial, POLL_MS);
  const [pending, start] = useTransition();
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const allowOne = (input: { protocol: string; device: string; server: string }) =>
    start(async () => {
      const result = await allow(input);
      setToast({ kind: result.ok ? "ok" : "error", text: result.ok ? result.message : result.error, id: Date.now() });
      refresh();
    });

  return (
    <>
      {error && <p role="alert" className="text-sm text-rose-800 dark:text-rose-300">{labels.refreshFailed.replace("{error}", error)}</p>}

      {data.advice.length > 0 && (
        <section className={`${card} border-amber-300 dark:border-amber-800`} aria-labelledby="advice-heading" data-testid="advice">
          <h2 id="advice-heading" className="mb-2 font-semibold">{labels.advice}</h2>
          <ul className="list-disc space-y-1 pl-5 text-sm">{data.advice.map((a) => <li key={a}>{a}</li>)}</ul>
        </section>
      )}

      <section className={card} aria-labelledby="flows-heading">
        <h2 id="flows-heading" className="mb-3 font-semibold">{labels.flows} (<span data-testid="flow-count">{data.flows.length}</span>)</h2>
        {data.notes.map((note) => <p key={note} className="mb-2 text-xs text-slate-600 dark:text-slate-400">{note}</p>)}
        {data.unavailable ? (
          <p className="text-sm text-amber-800 dark:text-amber-300" translate="no">{data.unavailable}</p>
        ) : data.flows.length === 0 ? (
          <p className="text-sm">{labels.noFlows}</p>
        ) : (
          <FlowTable rows={data.flows} labels={labels.columns} caption={labels.flows} testId="monitor-flows" />
        )}
        {data.others.length > 0 && (
          <div className="mt-4">
            <h3 className="mb-2 text-sm font-medium">{labels.others}</h3>
            <FlowTable rows={data.others} labels={labels.columns} caption={labels.others} testId="monitor-others" />
          </div>
        )}
      </section>

      <section className={card} aria-labelledby="blocked-heading" data-testid="blocked">
        <h2 id="blocked-heading" className="mb-1 font-semibold">{labels.blocked}</h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{labels.blockedIntro}</p>
        {data.attempts === null ? (
          <p className="text-sm">{data.attemptsNote}</p>
        ) : data.attempts.length === 0 ? (
          <p className="text-sm">{labels.blockedNone}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {data.attempts.map((a) => (
              <li key={a.key} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="attempt">
                <span>{a.text}</span>
                <button
                  type="button"
                  disabled={pending}
                  onClick={() => allowOne({ protocol: a.protocol, device: a.device, server: a.server })}
                  className="inline-flex items-center gap-2 rounded-md border border-sky-700 px-3 py-1 text-xs font-semibold text-sky-800 hover:bg-sky-50 disabled:opacity-60 dark:border-sky-400 dark:text-sky-200 dark:hover:bg-sky-950"
                >
                  {pending ? <Spinner /> : null}
                  {labels.allow}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Toast message={toast} />
    </>
  );
}
