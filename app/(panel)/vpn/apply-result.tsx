"use client";
// The last Save & apply, as it stays on the page: when, how long the kernel work took, what changed, how many
// open connections were cut (that number follows the answer), and any warning. A refusal says that nothing
// changed; one for want of a session offers to sign in again, the draft kept for when the admin is back.
import Link from "next/link";
import type { Say } from "./words";

export type Outcome =
  | { kind: "applied"; time: string; ms: number; changes: string[]; cut?: number | "cutting"; warnings: string[] }
  | { kind: "failed"; error: string; signedOut: boolean }
  | { kind: "restored" }
  | { kind: "lastApplied"; time: string };

function cutText(cut: number | "cutting", say: Say): string {
  if (cut === "cutting") return say("vpn.result.cutting");
  return cut === 0 ? say("vpn.result.cut.none") : say.count("vpn.result.cut", cut);
}

export function ApplyResult({ outcome, say }: { outcome: Outcome; say: Say }) {
  const box = "mt-4 rounded-md border p-3 text-sm";
  switch (outcome.kind) {
    case "applied": {
      const parts = [...outcome.changes, ...(outcome.cut === undefined ? [] : [cutText(outcome.cut, say)])];
      const warned = outcome.warnings.length > 0;
      return (
        <div role="status" className={`${box} ${warned ? "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" : "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100"}`} data-testid="apply-result">
          <p>{say("vpn.result.applied", { time: outcome.time, ms: outcome.ms, changes: parts.join("; ") })}</p>
          {warned && (
            <ul className="mt-1 list-disc pl-5">
              {outcome.warnings.map((w) => <li key={w}>{w}</li>)}
            </ul>
          )}
        </div>
      );
    }
    case "failed":
      return (
        <div role="alert" className={`${box} border-rose-300 bg-rose-50 text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100`} data-testid="apply-result">
          <p>{say("vpn.failed", { error: outcome.error })}</p>
          {outcome.signedOut && (
            <p className="mt-1">
              {/* Leaves with the draft: the leave guard lets it pass, and the page brings the draft back. */}
              <Link href="/login" data-keeps-draft className="font-semibold underline">{say("vpn.signInAgain")}</Link> {say("vpn.draftKept")}
            </p>
          )}
        </div>
      );
    case "restored":
      return <p role="status" className={`${box} border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100`} data-testid="apply-result">{say("vpn.draftRestored")}</p>;
    case "lastApplied":
      return <p className="mt-4 text-sm text-slate-600 dark:text-slate-400" data-testid="apply-result">{say("vpn.lastApplied", { time: outcome.time })}</p>;
  }
}
