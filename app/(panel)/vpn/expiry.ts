// The draft's time limits: per protocol on in the draft, how long it stays on once saved ("for 8 hours", "until I
// turn it off"), folded into the change set the apply action takes, and said in the preview and the result
// ("PPTP: on until 14:02"). Pure: the browser code imports it.
import type { Passthrough, PassthroughChanges } from "@/netfilter/config";
import { PROTOCOL_IDS, protocolSpec, type ProtocolId } from "@/netfilter/protocols";
import type { Say } from "./words";

/** What the card offers besides "until I turn it off": 1, 8 and 24 hours, in seconds. */
export const EXPIRY_CHOICES = [3600, 8 * 3600, 24 * 3600] as const;
/** A protocol's drafted limit: seconds, or on until turned off (which clears a saved deadline). */
export type ExpiryChoice = number | "untilOff";
export type ExpiryDraft = Partial<Record<ProtocolId, ExpiryChoice>>;

/** The drafted limits that count: of protocols on in the draft. */
export function draftedExpiries(draft: Passthrough, expiries: ExpiryDraft): [ProtocolId, ExpiryChoice][] {
  return PROTOCOL_IDS.flatMap((id) => {
    const choice = expiries[id];
    return choice !== undefined && draft[id].enabled ? [[id, choice] as [ProtocolId, ExpiryChoice]] : [];
  });
}

/** The switch changes with the drafted limits: each such protocol is turned on with its limit (or none). */
export function withExpiries(changes: PassthroughChanges, draft: Passthrough, expiries: ExpiryDraft): PassthroughChanges {
  const next: Record<string, object> = { ...changes };
  for (const [id, choice] of draftedExpiries(draft, expiries)) {
    next[id] = { ...changes[id], enabled: true, ...(choice === "untilOff" ? {} : { forSeconds: choice }) };
  }
  return next as PassthroughChanges;
}

/** A deadline as the page shows it: "14:02", with the day's name when it is not today. */
export function deadlineText(at: Date, lang: string, now = new Date()): string {
  const sameDay = at.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(lang, { ...(sameDay ? {} : { weekday: "short" }), hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

const WORDS = {
  preview: { until: "vpn.change.until", untilOff: "vpn.change.untilOff" },
  result: { until: "vpn.result.until", untilOff: "vpn.result.untilOff" },
} as const;

/** One line per drafted limit: "PPTP: on until 14:02" (preview) or "PPTP on until 14:02" (result), from `now`. */
export function expiryLines(draft: Passthrough, expiries: ExpiryDraft, say: Say, lang: string, form: keyof typeof WORDS, now = new Date()): string[] {
  return draftedExpiries(draft, expiries).map(([id, choice]) => {
    const protocol = protocolSpec(id).title;
    if (choice === "untilOff") return say(WORDS[form].untilOff, { protocol });
    return say(WORDS[form].until, { protocol, time: deadlineText(new Date(now.getTime() + choice * 1000), lang, now) });
  });
}

// Kept in this tab's storage beside the draft (changes.ts), so a reload or a new sign-in brings them back too.
const EXPIRIES_KEY = "lintas.vpn.expiries";
const isChoice = (value: unknown): value is ExpiryChoice => value === "untilOff" || (EXPIRY_CHOICES as readonly unknown[]).includes(value);

export function storedExpiries(): ExpiryDraft {
  let stored: unknown;
  try {
    stored = JSON.parse(sessionStorage.getItem(EXPIRIES_KEY) ?? "{}");
  } catch {
    return {};
  }
  const choices = (stored ?? {}) as Record<string, unknown>;
  return Object.fromEntries(PROTOCOL_IDS.flatMap((id) => (isChoice(choices[id]) ? [[id, choices[id]]] : [])));
}

export function storeExpiries(expiries: ExpiryDraft): void {
  const kept = Object.entries(expiries).filter(([, choice]) => choice !== undefined);
  if (kept.length === 0) forgetExpiries();
  else sessionStorage.setItem(EXPIRIES_KEY, JSON.stringify(Object.fromEntries(kept)));
}

export function forgetExpiries(): void {
  sessionStorage.removeItem(EXPIRIES_KEY);
}
