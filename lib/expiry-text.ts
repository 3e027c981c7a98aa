// Switches that turn themselves off, in words: a span ("7 h 12 min"), what `lintas status` and the status page
// say of each switch (its time left, the reminder for one left on too long), and the audit's sentence for a
// switch turned off at its deadline. Pure: the VPN page's browser code formats the time left with it.
// Single modules, not netfilter's index: the browser bundle must not reach the kernel's code.
import type { Passthrough } from "../netfilter/config";
import { daysOn, deadlineAt, spanParts } from "../netfilter/expiry";
import { PROTOCOL_IDS, protocolSpec } from "../netfilter/protocols";
import type { Translator } from "./i18n";

type SpanKey = "vpn.span.d" | "vpn.span.h" | "vpn.span.min" | "vpn.span.s";
type SpanWords = (key: SpanKey, vars: { count: number }) => string;

const UNITS = [
  ["days", "vpn.span.d"],
  ["hours", "vpn.span.h"],
  ["minutes", "vpn.span.min"],
  ["seconds", "vpn.span.s"],
] as const;

/** The largest unit of a span and the next one when it is not 0: "2 d 3 h", "8 h", "7 h 12 min", "45 s". */
export function spanText(ms: number, words: SpanWords): string {
  const parts = spanParts(ms);
  const first = UNITS.findIndex(([unit]) => parts[unit] > 0);
  if (first < 0) return words("vpn.span.s", { count: 0 });
  return UNITS.slice(first, first + 2)
    .filter(([unit], i) => i === 0 || parts[unit] > 0)
    .map(([unit, key]) => words(key, { count: parts[unit] }))
    .join(" ");
}

/**
 * Per switch that is on: when it turns off (or that its time is up), and whether it has been open longer than `reminderDays`
 * ("PPTP has been open for 41 days: still needed?"). `time` writes a deadline as the reader's clock shows it.
 */
export function expiryNotes(passthrough: Passthrough, now: number, reminderDays: number, t: Translator, time: (at: Date) => string): string[] {
  return PROTOCOL_IDS.flatMap((id) => {
    const protocol = protocolSpec(id).title;
    const deadline = deadlineAt(passthrough, id);
    const days = daysOn(passthrough, id, now);
    return [
      ...(deadline !== undefined ? [deadlineNote(protocol, deadline, now, t, time)] : []),
      // The reminder takes at least 1 day, so the days said are never 1.
      ...(days !== undefined && days > reminderDays ? [t("status.reminder", { protocol, days })] : []),
    ];
  });
}

/** A deadline still ahead, in time left; one passed (no watcher has looked since), in what turns the switch off. */
function deadlineNote(protocol: string, at: number, now: number, t: Translator, time: (at: Date) => string): string {
  const vars = { protocol, time: time(new Date(at)) };
  return at > now ? t("status.turnsOff", { ...vars, left: spanText(at - now, t) }) : t("status.expired", vars);
}

/**
 * The deadlines a change set, for the audit page: "PPTP on until 2026-11-27 14:02 UTC", or "PPTP on until turned
 * off" where a deadline was cleared. A switch turned off says nothing here: its own change does.
 */
export function expiryChangeTexts(before: Passthrough, after: Passthrough, t: Translator): string[] {
  return PROTOCOL_IDS.flatMap((id) => {
    const [was, is] = [before[id].enabled ? before[id].expiry : undefined, after[id].enabled ? after[id].expiry : undefined];
    if (!after[id].enabled || was?.at === is?.at) return [];
    const protocol = protocolSpec(id).title;
    if (!is) return [t("vpn.result.untilOff", { protocol })];
    return [t("vpn.result.until", { protocol, time: is.at.replace(/^(\S+)T(\d\d:\d\d).*$/, "$1 $2 UTC") })];
  });
}

/** One switch turned off at its deadline, as the audit page says it: "PPTP turned off: its 8 h were up". */
export function expiredText(expired: { protocol: string; seconds: number }, t: Translator): string {
  const known = PROTOCOL_IDS.find((id) => id === expired.protocol);
  const protocol = known ? protocolSpec(known).title : expired.protocol;
  return t("audit.event.expired", { protocol, span: spanText(expired.seconds * 1000, t) });
}
