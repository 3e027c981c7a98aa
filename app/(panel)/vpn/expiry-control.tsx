"use client";
// On a card whose switch is on in the draft: how long it stays on once saved, and, for a saved deadline, the time
// left ("Turns off in 7 h 12 min, at 14:02"), counted down in the browser.
import { useEffect, useState } from "react";
import type { Passthrough } from "@/netfilter/config";
import type { ProtocolId } from "@/netfilter/protocols";
import { spanText } from "@/lib/expiry-text";
import { deadlineText, EXPIRY_CHOICES, type ExpiryChoice } from "./expiry";
import type { Say } from "./words";

/** The clock, once a second; undefined until the page runs in the browser (the server's clock is not the reader's). */
function useNow(): number | undefined {
  const [now, setNow] = useState<number>();
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function TimeLeft({ at, say, lang }: { at: string; say: Say; lang: string }) {
  const now = useNow();
  if (now === undefined) return null;
  const left = Date.parse(at) - now;
  return (
    <p className="text-xs font-medium text-sky-800 dark:text-sky-300" data-testid="time-left">
      {left > 0 ? say("vpn.expiry.left", { left: spanText(left, say), time: deadlineText(new Date(at), lang, new Date(now)) }) : say("vpn.expiry.due")}
    </p>
  );
}

export function ExpiryControl({ id, saved, on, choice, busy, say, lang, onChoose }: {
  id: ProtocolId;
  saved: Passthrough[ProtocolId];
  /** The switch is on in the draft. */
  on: boolean;
  choice?: ExpiryChoice;
  busy: boolean;
  say: Say;
  lang: string;
  onChoose: (choice: ExpiryChoice | undefined) => void;
}) {
  if (!on) return null;
  const deadline = saved.enabled ? saved.expiry?.at : undefined;
  // No choice keeps what is saved: the saved deadline, or on until turned off.
  const value = choice === undefined ? (deadline ? "keep" : "untilOff") : String(choice);
  const choose = (picked: string) => {
    if (picked === "keep" || (picked === "untilOff" && !deadline)) onChoose(undefined);
    else onChoose(picked === "untilOff" ? "untilOff" : Number(picked));
  };
  return (
    <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-1">
      <label className="flex items-center gap-2 text-sm">
        <span>{say("vpn.expiry.label")}</span>
        <select
          value={value}
          disabled={busy}
          onChange={(event) => choose(event.target.value)}
          className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
          data-testid={`expiry-${id}`}
        >
          {deadline && <option value="keep" suppressHydrationWarning>{say("vpn.expiry.until", { time: deadlineText(new Date(deadline), lang) })}</option>}
          <option value="untilOff">{say("vpn.expiry.untilOff")}</option>
          {EXPIRY_CHOICES.map((seconds) => (
            <option key={seconds} value={seconds}>
              {say.count("vpn.expiry.hours", seconds / 3600)}
            </option>
          ))}
        </select>
      </label>
      {deadline && choice === undefined && <TimeLeft at={deadline} say={say} lang={lang} />}
    </div>
  );
}
