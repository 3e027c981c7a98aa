"use client";
// Diagnose one protocol: POST /vpn/trace streams each packet's path as the router sees it; this dialog shows one
// row per path (how many packets took it, every table and chain with its verdict, where it ended). The trace
// stops by itself after `seconds`, or as soon as the dialog closes or Stop is pressed (the request is aborted).
import { useEffect, useRef, useState } from "react";
import { Spinner } from "@/components/spinner";
import type { PacketView } from "@/lib/trace";
import type { TraceStreamEvent } from "./trace/events";
import { followTrace } from "./trace/follow";

export type TraceLabels = Record<
  "title" | "intro" | "starting" | "running" | "stop" | "close" | "again" | "stopped" | "none" | "leftover" | "packet" | "direction" | "path" | "result" | "count" | "countOne",
  string
>;

type Row = { view: PacketView; count: number };
type Phase = { kind: "starting" } | { kind: "running"; until: number } | { kind: "done"; count: number } | { kind: "error"; error: string };

const OUTCOME_STYLE: Record<PacketView["outcome"], string> = {
  passed: "text-emerald-800 dark:text-emerald-300",
  dropped: "text-rose-800 dark:text-rose-300",
  unknown: "text-amber-800 dark:text-amber-300",
};

export function TraceDialog({ protocol, seconds, labels, onClose }: {
  protocol: { id: string; title: string };
  seconds: number;
  labels: TraceLabels;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [run, setRun] = useState(0);
  const [phase, setPhase] = useState<Phase>({ kind: "starting" });
  const [rows, setRows] = useState<Row[]>([]);
  const [leftover, setLeftover] = useState(false);
  const stopRef = useRef<AbortController | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    stopRef.current = controller;
    setPhase({ kind: "starting" });
    setRows([]);
    setLeftover(false);
    const handle = (event: TraceStreamEvent) => {
      if (event.type === "start") {
        setLeftover(event.leftover);
        setPhase({ kind: "running", until: Date.now() + event.seconds * 1000 });
      } else if (event.type === "packet") {
        setRows((current) => {
          const known = current.find((row) => row.view.key === event.packet.key);
          if (!known) return [...current, { view: event.packet, count: 1 }];
          return current.map((row) => (row === known ? { ...row, count: row.count + 1 } : row));
        });
      } else if (event.type === "end") setPhase({ kind: "done", count: event.count });
      else setPhase({ kind: "error", error: event.error });
    };
    followTrace(protocol.id, seconds, controller.signal, handle).catch((error: unknown) => {
      if (!controller.signal.aborted) setPhase({ kind: "error", error: String((error as Error).message ?? error) });
    });
    return () => controller.abort();
  }, [protocol.id, seconds, run]);

  useEffect(() => {
    if (phase.kind !== "running") return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [phase.kind]);

  const fill = (text: string, vars: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (whole, name: string) => String(vars[name] ?? whole));
  const status =
    phase.kind === "starting"
      ? labels.starting
      : phase.kind === "running"
        ? fill(labels.running, { seconds: Math.max(0, Math.ceil((phase.until - now) / 1000)) })
        : phase.kind === "done"
          ? phase.count === 0
            ? fill(labels.none, { protocol: protocol.title })
            : fill(labels.stopped, { count: phase.count })
          : phase.error;
  const active = phase.kind === "starting" || phase.kind === "running";
  // Aborting the request stops the trace on the router; what arrived so far stays on screen.
  const stop = () => {
    stopRef.current?.abort();
    setPhase({ kind: "done", count: rows.reduce((sum, row) => sum + row.count, 0) });
  };

  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="trace-title"
      data-testid="trace-dialog"
      className="m-auto w-[min(64rem,calc(100vw-1rem))] rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="p-4 sm:p-6">
        <h2 id="trace-title" className="text-lg font-semibold">{fill(labels.title, { protocol: protocol.title })}</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{fill(labels.intro, { protocol: protocol.title })}</p>
        <p role={phase.kind === "error" ? "alert" : "status"} className={`mt-3 flex items-center gap-2 text-sm ${phase.kind === "error" ? "text-rose-800 dark:text-rose-300" : ""}`} data-testid="trace-status">
          {active && <Spinner />}
          {status}
        </p>
        {leftover && <p className="mt-1 text-xs text-slate-500">{labels.leftover}</p>}
        {rows.length > 0 && (
          <div className="mt-4 max-h-[60vh] overflow-auto rounded-md border border-slate-200 dark:border-slate-800">
            <table className="w-full min-w-[40rem] text-left text-sm">
              <thead className="sticky top-0 bg-slate-50 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                <tr>
                  <th scope="col" className="px-3 py-2">{labels.packet}</th>
                  <th scope="col" className="px-3 py-2">{labels.direction}</th>
                  <th scope="col" className="px-3 py-2">{labels.path}</th>
                  <th scope="col" className="px-3 py-2">{labels.result}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ view, count }) => (
                  <tr key={view.key} className="border-t border-slate-100 align-top dark:border-slate-800" data-testid="trace-row">
                    <td className="px-3 py-2">
                      <div className="font-mono text-xs">{view.flow}</div>
                      {view.nat.map((words) => <div key={words} className="text-xs text-slate-500">{words}</div>)}
                      <div className="mt-1 text-xs text-slate-500">{count === 1 ? labels.countOne : fill(labels.count, { count })}</div>
                    </td>
                    <td className="whitespace-nowrap px-3 py-2 text-xs">{view.direction}</td>
                    <td className="px-3 py-2">
                      <ol className="space-y-1 text-xs">
                        {view.hops.map((hop, i) => (
                          <li key={i}>
                            <span className="font-medium">{hop.table}</span> · {hop.chain}: <span className="font-mono">{hop.verdict}</span>
                            {hop.rule && <div className="font-mono text-[11px] text-slate-500 [overflow-wrap:anywhere]">{hop.rule}</div>}
                          </li>
                        ))}
                      </ol>
                    </td>
                    <td className={`px-3 py-2 text-xs font-medium ${OUTCOME_STYLE[view.outcome]}`} data-testid="trace-result">{view.end}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="mt-4 flex flex-wrap justify-end gap-2">
          {active ? (
            <button type="button" onClick={stop} className="rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700">{labels.stop}</button>
          ) : (
            <button type="button" onClick={() => setRun((n) => n + 1)} className="rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700">{labels.again}</button>
          )}
          <button type="button" onClick={() => dialog.current?.close()} className="rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-800">{labels.close}</button>
        </div>
      </div>
    </dialog>
  );
}
