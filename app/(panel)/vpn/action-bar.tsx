"use client";
// The pending-changes bar, fixed at the bottom while something is unsaved: one row on a phone too (short words
// there; each button's accessible name stays the full one).
import { Spinner } from "@/components/spinner";
import type { Say, VpnKey } from "./words";

function Label({ say, long, short }: { say: Say; long: VpnKey; short: VpnKey }) {
  return (
    <>
      <span className="sm:hidden">{say(short)}</span>
      <span className="hidden sm:inline">{say(long)}</span>
    </>
  );
}

export function ActionBar({ count, say, applying, previewing, previewShown, onDiscard, onPreview, onSave }: {
  count: number;
  say: Say;
  applying: boolean;
  previewing: boolean;
  previewShown: boolean;
  onDiscard: () => void;
  onPreview: () => void;
  onSave: () => void;
}) {
  const button = "shrink-0 rounded-md px-2.5 py-2 text-sm sm:px-3";
  const [preview, previewShort] = previewShown ? (["vpn.hidePreview", "vpn.hidePreview.short"] as const) : (["vpn.preview", "vpn.preview.short"] as const);
  return (
    <div className="fixed inset-x-0 bottom-0 z-40 border-t border-slate-200 bg-white/95 px-3 py-3 shadow-lg backdrop-blur sm:px-4 md:left-60 dark:border-slate-800 dark:bg-slate-900/95" role="region" aria-label={say("vpn.save")} data-testid="action-bar">
      <div className="mx-auto flex max-w-3xl flex-nowrap items-center gap-2">
        <p className="min-w-0 flex-1 text-sm font-medium">
          <span className="sm:hidden">{say.count("vpn.pending.short", count)}</span>
          <span className="hidden sm:inline" data-testid="pending-count">{say.count("vpn.pending", count)}</span>
        </p>
        <button type="button" onClick={onDiscard} disabled={applying} className={`${button} border border-slate-300 dark:border-slate-700`}>
          {say("vpn.discard")}
        </button>
        <button type="button" onClick={onPreview} disabled={applying || previewing} aria-label={say(preview)} aria-expanded={previewShown} aria-controls={previewShown ? "rule-preview" : undefined} className={`${button} border border-slate-300 dark:border-slate-700`}>
          {previewing ? <Spinner /> : <Label say={say} long={preview} short={previewShort} />}
        </button>
        <button type="button" onClick={onSave} disabled={applying} aria-label={say("vpn.save")} className={`${button} inline-flex items-center gap-2 bg-sky-700 font-semibold text-white hover:bg-sky-800 disabled:opacity-60`}>
          {applying ? <Spinner label={say("vpn.applying")} /> : <Label say={say} long="vpn.save" short="vpn.save.short" />}
        </button>
      </div>
    </div>
  );
}
