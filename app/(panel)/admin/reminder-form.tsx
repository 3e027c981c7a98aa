"use client";
// After how many days a switch left on is flagged on the status page and in `lintas status`.
import { useState } from "react";
import { SettingForm } from "@/components/setting-form";
import { setReminderAction } from "./reminder-action";

export function ReminderForm({ days, max, labels }: { days: number; max: number; labels: Record<"intro" | "days" | "save", string> }) {
  const [value, setValue] = useState(String(days));
  return (
    <SettingForm save={() => setReminderAction({ days: value })} unchanged={value === String(days)} label={labels.save} testId="reminder-form">
      <p className="text-sm text-slate-600 dark:text-slate-400">{labels.intro}</p>
      <label className="flex items-center gap-2 text-sm">
        <span>{labels.days}</span>
        <input
          type="number"
          name="days"
          min={1}
          max={max}
          required
          value={value}
          onChange={(event) => setValue(event.target.value)}
          className="w-24 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
        />
      </label>
    </SettingForm>
  );
}
