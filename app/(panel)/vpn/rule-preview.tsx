"use client";
// Preview: what saving changes, in plain words first (each switch, the open connections it cuts), then the
// exact ruleset diff, folded, wrapped and indented as nft prints it. Scrolls itself into view when it opens
// (on a phone it would otherwise sit below the fold, under the action bar).
import { useEffect, useRef } from "react";
import type { DiffLine } from "@/lib/diff";
import type { InUse } from "@/lib/passthrough/in-use";
import { CutList, cutLines } from "./cut-list";
import type { Say } from "./words";

const LINE_STYLE: Record<DiffLine["kind"], string> = {
  add: "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  remove: "bg-rose-50 text-rose-900 dark:bg-rose-950 dark:text-rose-200",
  same: "text-slate-600 dark:text-slate-400",
};
const SIGN: Record<DiffLine["kind"], string> = { add: "+ ", remove: "- ", same: "  " };

export function RulePreview({ changes, cut, diff, say }: { changes: string[]; cut: InUse; diff: DiffLine[]; say: Say }) {
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    section.current?.scrollIntoView({ block: "start" }); // returns a promise in recent Chromium: not the effect's cleanup
  }, []);
  const cutting = cutLines(cut, say);
  return (
    <section ref={section} id="rule-preview" className="mt-6 scroll-mt-4 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" aria-labelledby="rule-preview-title" data-testid="rule-preview">
      <h2 id="rule-preview-title" className="text-sm font-semibold">{say("vpn.previewTitle")}</h2>
      <ul className="mt-2 space-y-0.5 text-sm" data-testid="preview-changes">
        {changes.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {cutting.length > 0 ? (
        <div className="mt-3">
          <p className="text-sm font-medium text-amber-800 dark:text-amber-200">{say("vpn.preview.cut")}</p>
          <CutList lines={cutting} testId="preview-cut" />
        </div>
      ) : (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">{say("vpn.preview.noCut")}</p>
      )}
      <details className="mt-4">
        <summary className="cursor-pointer text-sm font-medium">{say("vpn.diffTitle")}</summary>
        {diff.some((l) => l.kind !== "same") ? (
          <pre className="mt-2 text-xs leading-5 whitespace-pre-wrap [overflow-wrap:anywhere] [tab-size:4]" data-testid="rule-diff">
            {diff.map((line, i) => (
              // The sign hangs in front, so a wrapped line continues under its own text.
              <div key={i} className={`pl-[2ch] -indent-[2ch] ${LINE_STYLE[line.kind]}`}>
                {SIGN[line.kind]}
                {line.text}
              </div>
            ))}
          </pre>
        ) : (
          <p className="mt-2 text-sm">{say("vpn.noDiff")}</p>
        )}
      </details>
    </section>
  );
}
