"use client";
// Test one protocol with real traffic: trace it for a few seconds (POST /vpn/trace, as `lintas trace`) while the
// admin starts a VPN client on the LAN, then say in one sentence whether it got through and, if not, where it
// died. Diagnose shows every packet's path; this only the outcome.
import { useEffect, useRef, useState } from "react";
import { Spinner } from "@/components/spinner";
import { followTrace } from "./trace/follow";

/** Long enough to start a VPN client that is ready to connect; short enough to wait for. */
export const TEST_SECONDS = 8;

export type TestLabels = Record<"button" | "starting" | "running", string>;

type Phase = { kind: "idle" } | { kind: "starting" } | { kind: "running" } | { kind: "done"; text: string; failed: boolean };

export function TestButton({ protocol, labels }: { protocol: { id: string; title: string }; labels: TestLabels }) {
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const trace = useRef<AbortController | null>(null);
  // Leaving the page stops the trace on the router.
  useEffect(() => () => trace.current?.abort(), []);

  const run = () => {
    const controller = new AbortController();
    trace.current = controller;
    setPhase({ kind: "starting" });
    followTrace(protocol.id, TEST_SECONDS, controller.signal, (event) => {
      if (event.type === "start") setPhase({ kind: "running" });
      else if (event.type === "end") setPhase({ kind: "done", text: event.verdict, failed: false });
      else if (event.type === "error") setPhase({ kind: "done", text: event.error, failed: true });
    }).catch((error: unknown) => {
      if (!controller.signal.aborted) setPhase({ kind: "done", text: String((error as Error).message ?? error), failed: true });
    });
  };

  const busy = phase.kind === "starting" || phase.kind === "running";
  const text =
    phase.kind === "starting"
      ? labels.starting
      : phase.kind === "running"
        ? labels.running.replace("{protocol}", protocol.title).replace("{seconds}", String(TEST_SECONDS))
        : phase.kind === "done"
          ? phase.text
          : "";
  return (
    <>
      <button
        type="button"
        onClick={run}
        disabled={busy}
        className="ml-2 mt-2 inline-flex items-center gap-1.5 rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium hover:bg-slate-50 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
        data-testid={`test-${protocol.id}`}
      >
        {busy && <Spinner />}
        {labels.button}
      </button>
      <p
        role="status"
        className={`mt-1 text-xs empty:hidden ${phase.kind === "done" && phase.failed ? "text-rose-800 dark:text-rose-300" : "text-slate-700 dark:text-slate-300"}`}
        data-testid={`test-result-${protocol.id}`}
      >
        {text}
      </p>
    </>
  );
}
