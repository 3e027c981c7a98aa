import { LocalTime } from "@/components/local-time";
import { AUDIT_KINDS } from "@/lib/audit";
import { auditActors, recentAudit } from "@/lib/audit-history";
import { describeAuditEvent } from "@/lib/audit-text";
import { currentTranslator, requireSession } from "../../_server/request";
import { AuditFilters } from "./filters";

const SHOWN = 200;
// With a text to find, more rows are read and the first SHOWN that contain it are listed.
const SEARCHED = 5000;

type Search = { kind?: string; actor?: string; q?: string };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const session = await requireSession();
  const { t } = await currentTranslator(session);
  const search = await searchParams;
  const kind = AUDIT_KINDS.find((k) => k === search.kind);
  const actor = search.actor || undefined;
  const needle = search.q?.trim().toLowerCase() ?? "";
  const [entries, actors] = await Promise.all([recentAudit({ kind, actor, limit: needle ? SEARCHED : SHOWN }), auditActors()]);
  const rows = entries
    .map((entry) => ({ ...entry, sentence: describeAuditEvent(entry, t) }))
    .filter((row) => !needle || [row.sentence, row.actor, row.address ?? ""].some((field) => field.toLowerCase().includes(needle)))
    .slice(0, SHOWN);
  const filtered = Boolean(kind || actor || needle);
  return (
    <div className="mx-auto max-w-5xl">
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">{t("audit.title")}</h1>
      <AuditFilters
        values={{ kind: kind ?? "", actor: actor ?? "", q: search.q ?? "" }}
        actors={actors}
        labels={{
          kind: t("audit.filter.kind"),
          anyKind: t("audit.filter.anyKind"),
          kinds: { security: t("audit.kind.security"), config: t("audit.kind.config"), noise: t("audit.kind.noise") },
          actor: t("audit.filter.actor"),
          anyActor: t("audit.filter.anyActor"),
          text: t("audit.filter.text"),
          apply: t("audit.filter.apply"),
          clear: t("audit.filter.clear"),
        }}
      />
      {rows.length === 0 ? (
        <p className="mt-4 text-sm">{filtered ? t("audit.noMatch") : t("audit.empty")}</p>
      ) : (
        // Focusable, so a keyboard can scroll it sideways on a narrow screen.
        <div tabIndex={0} role="region" aria-label={t("audit.title")} className="mt-4 overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="min-w-full text-left text-sm" data-testid="audit-table">
            <caption className="sr-only">{t("audit.title")}</caption>
            <thead className="border-b border-slate-200 text-xs text-slate-600 dark:border-slate-800 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-4 py-2 font-semibold">{t("audit.when")}</th>
                <th scope="col" className="px-4 py-2 font-semibold">{t("audit.who")}</th>
                <th scope="col" className="px-4 py-2 font-semibold">{t("audit.what")}</th>
                <th scope="col" className="px-4 py-2 font-semibold">{t("audit.result")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {rows.map((row) => (
                <tr key={row.id} className="align-top">
                  <td className="px-4 py-2 whitespace-nowrap"><LocalTime at={row.at} /></td>
                  <td className="px-4 py-2">
                    <span translate="no">{row.actor}</span>
                    {row.address && <div className="text-xs text-slate-600 dark:text-slate-400" translate="no">{row.address}</div>}
                  </td>
                  <td className="px-4 py-2 break-words">
                    {row.sentence}
                    {row.repeated && row.repeated.count > 1 ? (
                      <div className="text-xs text-slate-600 dark:text-slate-400" data-testid="audit-repeated">
                        {withTime(t("audit.repeated", { count: row.repeated.count, lastAt: "{lastAt}" }), row.repeated.lastAt)}
                      </div>
                    ) : null}
                  </td>
                  <td className={`px-4 py-2 whitespace-nowrap font-medium ${row.ok ? "text-emerald-800 dark:text-emerald-300" : "text-rose-800 dark:text-rose-300"}`}>
                    {row.ok ? t("audit.ok") : t("audit.failed")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** A translated text with the browser's rendering of a time where its {lastAt} was. */
function withTime(text: string, at: Date) {
  const [before, after] = text.split("{lastAt}");
  return <>{before}<LocalTime at={at} />{after}</>;
}
