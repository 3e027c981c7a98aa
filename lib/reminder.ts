// After how many days a switch left on is flagged ("PPTP has been open for 41 days: still needed?"): an admin
// setting, row 1 of OpenReminder on the raw SQLite connection (the status page and `lintas status` read it).
import { audit, type Actor } from "./audit";
import { sqlite } from "./db/sqlite";
import { InputError } from "./errors";
import { message } from "./i18n";

const DEFAULT_REMINDER_DAYS = 30;
/** Ten years: beyond that the reminder is as good as off. */
export const MAX_REMINDER_DAYS = 3650;

export function loadReminderDays(): number {
  const row = sqlite().prepare(`SELECT "days" FROM "OpenReminder" WHERE "id" = 1`).get() as { days: number } | undefined;
  return row?.days ?? DEFAULT_REMINDER_DAYS;
}

/** Stores the reminder's days (text as typed: a whole number from 1 to MAX_REMINDER_DAYS), audited. */
export function saveReminderDays(value: string, actor: Actor): number {
  const days = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!(days >= 1 && days <= MAX_REMINDER_DAYS)) throw new InputError(message("error.reminderDays", { max: MAX_REMINDER_DAYS, value }), "days");
  const before = loadReminderDays();
  sqlite()
    .prepare(`INSERT INTO "OpenReminder" ("id", "days") VALUES (1, ?) ON CONFLICT ("id") DO UPDATE SET "days" = excluded."days"`)
    .run(days);
  audit({ actor, action: "settings.reminder", ok: true, detail: { before, after: days } });
  return days;
}
