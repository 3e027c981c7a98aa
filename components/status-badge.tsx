// The kernel's verdict for a protocol, as a coloured badge.
const STYLES = {
  active: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  blocked: "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200",
  unavailable: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
  partial: "bg-rose-100 text-rose-800 dark:bg-rose-900/50 dark:text-rose-200",
  absent: "bg-rose-100 text-rose-800 dark:bg-rose-900/50 dark:text-rose-200",
  hostBlocked: "bg-rose-100 text-rose-800 dark:bg-rose-900/50 dark:text-rose-200",
  hostUnknown: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
} as const;

export type BadgeState = keyof typeof STYLES;

export function StatusBadge({ state, label, testId }: { state: BadgeState; label: string; testId?: string }) {
  return (
    <span data-testid={testId} data-state={state} className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ${STYLES[state]}`}>
      {label}
    </span>
  );
}
