import { recentAudit } from "@/lib/audit-history";
import { describeAuditDetail } from "@/lib/audit-detail";
import { currentTranslator, requireSession } from "../../_server/request";

export default async function AuditPage() {
  const session = await requireSession();
  const { t } = await currentTranslator(session);
  const events = await recentAudit();
  return (
    <div className="mx-auto max-w-5xl">
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">{t("audit.title")}</h1>
      {events.length === 0 ? (
        <p className="text-sm">{t("audit.empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="min-w-full text-left text-sm" data-testid="audit-table">
            <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800">
              <tr>
                <th className="px-4 py-2">{t("audit.when")}</th>
                <th className="px-4 py-2">{t("audit.who")}</th>
                <th className="px-4 py-2">{t("audit.from")}</th>
                <th className="px-4 py-2">{t("audit.what")}</th>
                <th className="px-4 py-2">{t("audit.result")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {events.map((e) => (
                <tr key={e.id}>
                  <td className="px-4 py-2 whitespace-nowrap">{timestamp(e.at)}</td>
                  <td className="px-4 py-2">{e.actor}</td>
                  <td className="px-4 py-2">{e.address ?? "—"}</td>
                  <td className="px-4 py-2"><span className="font-mono text-xs">{e.action}</span><div className="text-xs text-slate-500">{describeAuditDetail(e.detail, t)}</div>
                    {e.repeated && e.repeated.count > 1 ? <div className="text-xs text-slate-500" data-testid="audit-repeated">{t("audit.repeated", { count: e.repeated.count, lastAt: timestamp(e.repeated.lastAt) })}</div> : null}
                  </td>
                  <td className={`px-4 py-2 ${e.ok ? "text-emerald-700 dark:text-emerald-300" : "text-rose-700 dark:text-rose-300"}`}>{e.ok ? t("audit.ok") : t("audit.failed")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

const timestamp = (at: Date) => at.toISOString().replace("T", " ").slice(0, 19);
