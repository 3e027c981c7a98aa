// How long a switch stays on: `30s`, `15m`, `8h`, `2d` as the CLI takes them, the seconds a change carries, and
// the deadline stored with the switch (netfilter/expiry.ts reads it).
import * as z from "zod";

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
/** Longer than this is not a temporary opening: leave the switch on until turned off instead. */
const MAX_EXPIRY_DAYS = 365;
const MAX_SECONDS = MAX_EXPIRY_DAYS * UNIT_SECONDS.d;

/** Seconds a switch stays on: a whole number, more than 0, at most 365 days. */
export const expirySecondsSchema = z
  .int(`a duration is a whole number of seconds`)
  .min(1, `a duration must be more than 0`)
  .max(MAX_SECONDS, `a duration is at most ${MAX_EXPIRY_DAYS} days (${MAX_EXPIRY_DAYS}d): for longer, leave the switch on until turned off`);

/** `8h` -> 28800. The words name the value and say what is accepted. */
export const durationSchema = z
  .string()
  .transform((text, ctx) => {
    const match = /^(\d+)([smhd])$/.exec(text.trim());
    if (!match) {
      ctx.addIssue({ code: "custom", message: `"${text}" is not a duration: give a whole number and s, m, h or d (30s, 15m, 8h, 2d)` });
      return z.NEVER;
    }
    return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  })
  .pipe(expirySecondsSchema);

/** When a switch turns itself off (ISO 8601, UTC) and the time it was given then, in seconds ("its 8 h were up"). */
export const expirySchema = z.object({ at: z.iso.datetime(), seconds: expirySecondsSchema }).strict();
