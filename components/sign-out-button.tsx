"use client";

/** `signOut` is the server action (passed in: components import nothing from app/). */
export function SignOutButton({ label, signOut }: { label: string; signOut: (input: undefined) => Promise<unknown> }) {
  return (
    <button type="button" onClick={() => void signOut(undefined)} className="text-sm text-slate-600 underline-offset-2 hover:underline dark:text-slate-400">
      {label}
    </button>
  );
}
