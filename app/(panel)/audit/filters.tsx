// The audit log's filters: a plain GET form (the filter is in the address, so it can be bookmarked and reloaded).
import Link from "next/link";
import type { AuditKind } from "@/lib/audit";

type Labels = Record<"kind" | "anyKind" | "actor" | "anyActor" | "text" | "apply" | "clear", string> & { kinds: Record<AuditKind, string> };

const control = "mt-1 block w-full rounded-md border border-slate-500 bg-white px-2 py-1.5 text-sm dark:bg-slate-900";

export function AuditFilters({ values, actors, labels }: { values: Record<"kind" | "actor" | "q", string>; actors: string[]; labels: Labels }) {
  return (
    <form method="get" action="/audit" role="search" aria-label={labels.text} className="flex flex-wrap items-end gap-3" data-testid="audit-filters">
      <label className="text-sm font-medium">
        {labels.kind}
        <select name="kind" defaultValue={values.kind} className={control}>
          <option value="">{labels.anyKind}</option>
          {(Object.entries(labels.kinds) as [AuditKind, string][]).map(([kind, label]) => <option key={kind} value={kind}>{label}</option>)}
        </select>
      </label>
      <label className="text-sm font-medium">
        {labels.actor}
        <select name="actor" defaultValue={values.actor} className={control}>
          <option value="">{labels.anyActor}</option>
          {actors.map((actor) => <option key={actor} value={actor} translate="no">{actor}</option>)}
        </select>
      </label>
      <label className="min-w-48 flex-1 text-sm font-medium">
        {labels.text}
        <input type="search" name="q" defaultValue={values.q} className={control} />
      </label>
      <div className="flex gap-2">
        <button type="submit" className="rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-800">{labels.apply}</button>
        <Link href="/audit" className="rounded-md border border-slate-400 px-3 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-500 dark:hover:bg-slate-800">{labels.clear}</Link>
      </div>
    </form>
  );
}
