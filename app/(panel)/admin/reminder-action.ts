"use server";
import { z } from "zod";
import { saveReminderDays } from "@/lib/reminder";
import { guardedAction } from "../../_server/action";

/** After how many days a switch left on is flagged; the service checks the number and audits the change. */
export const setReminderAction = guardedAction(z.object({ days: z.string() }).strict(), async ({ days }, { actor, t }) => {
  saveReminderDays(days, actor);
  return { ok: true as const, message: t("admin.reminder.saved") };
});
