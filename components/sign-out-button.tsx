"use client";

/** `signOut` is the server action (passed in: components import nothing from app/). A button that looks like one. */
export function SignOutButton({ label, signOut }: { label: string; signOut: (input: undefined) => Promise<unknown> }) {
  return (
    <button
      type="button"
      onClick={() => void signOut(undefined)}
      className="rounded-md border border-slate-400 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-slate-500 dark:hover:bg-slate-800"
    >
      {label}
    </button>
  );
}
