// The switches that turn themselves off, with their time left, and those open longer than the reminder allows
// ("PPTP has been open for 41 days: still needed?").
import { expiryNotes } from "@/lib/expiry-text";
import type { Translator } from "@/lib/i18n";
import type { StatusReport } from "@/lib/passthrough";

export function ExpiryNotes({ report, t, lang }: { report: Pick<StatusReport, "passthrough" | "reminderDays">; t: Translator; lang: string }) {
  const time = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", hourCycle: "h23" });
  const notes = expiryNotes(report.passthrough, Date.now(), report.reminderDays, t, (at) => time.format(at));
  if (notes.length === 0) return null;
  return (
    <section role="note" className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" data-testid="expiry-notes">
      <ul className="space-y-1">
        {notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </section>
  );
}
