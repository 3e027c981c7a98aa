// Switches that turn themselves off: which are due, the nearest deadline, the config once they are off, and
// how long a switch has been on. Pure, no zod: the panel's browser code imports it.
import type { Passthrough } from "./config";
import { PROTOCOL_IDS, type ProtocolId } from "./protocols";

/** A protocol's deadline (ms since the epoch) while it is on; undefined when it is off or on until turned off. */
export function deadlineAt(passthrough: Passthrough, id: ProtocolId): number | undefined {
  const { enabled, expiry } = passthrough[id];
  return enabled && expiry ? Date.parse(expiry.at) : undefined;
}

/** The protocols switched on whose deadline is at or before `now` (ms since the epoch). */
export function dueSwitches(passthrough: Passthrough, now: number): ProtocolId[] {
  return PROTOCOL_IDS.filter((id) => (deadlineAt(passthrough, id) ?? Infinity) <= now);
}

/** The nearest deadline of a switch that is on (ms since the epoch), or undefined when none has one. */
export function nextDeadline(passthrough: Passthrough): number | undefined {
  const deadlines = PROTOCOL_IDS.flatMap((id) => deadlineAt(passthrough, id) ?? []);
  return deadlines.length > 0 ? Math.min(...deadlines) : undefined;
}

/** `passthrough` with these protocols off: their deadline and the time they were turned on go with it. */
export function switchedOff(passthrough: Passthrough, ids: readonly ProtocolId[]): Passthrough {
  const next = { ...passthrough };
  for (const id of ids) {
    const { expiry: _expiry, onSince: _onSince, ...settings } = passthrough[id];
    next[id] = { ...settings, enabled: false } as never;
  }
  return next;
}

/** A span in whole days, hours, minutes and seconds (rounded up to the second: "1 s" left until it is 0). */
export function spanParts(ms: number): { days: number; hours: number; minutes: number; seconds: number } {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return { days: Math.floor(total / 86_400), hours: Math.floor((total % 86_400) / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
}

/** Whole days a switch has been on at `now`; undefined when it is off or when it was turned on is not known. */
export function daysOn(passthrough: Passthrough, id: ProtocolId, now: number): number | undefined {
  const { enabled, onSince } = passthrough[id];
  return enabled && onSince ? Math.floor((now - Date.parse(onSince)) / 86_400_000) : undefined;
}
