// What a protocol's traffic meets on its way through the router, as a coloured badge (the label says it in words).
const STYLES = {
  active: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  blocked: "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200",
  partly: "bg-rose-100 text-rose-800 dark:bg-rose-900/50 dark:text-rose-200",
  unknown: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
  unavailable: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
} as const;

export type BadgeState = keyof typeof STYLES;

export function StatusBadge({ state, label, testId }: { state: BadgeState; label: string; testId?: string }) {
  return (
    <span data-testid={testId} data-state={state} className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ${STYLES[state]}`}>
      {label}
    </span>
  );
}
