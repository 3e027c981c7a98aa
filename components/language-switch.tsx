"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";

// Each language named in itself (and marked as such), whatever the page's language.
const NAMES = { en: "English", id: "Bahasa Indonesia" } as const;

/** `choose` is the server action that stores the language (passed in: components import nothing from app/). */
export function LanguageSwitch({ current, label, choose }: { current: "en" | "id"; label: string; choose: (lang: string) => Promise<unknown> }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <label className="inline-flex items-center gap-2 text-sm">
      <span className="sr-only">{label}</span>
      <select
        aria-label={label}
        value={current}
        disabled={pending}
        onChange={(e) => start(async () => {
          await choose(e.target.value);
          router.refresh();
        })}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
      >
        {Object.entries(NAMES).map(([code, name]) => <option key={code} value={code} lang={code} translate="no">{name}</option>)}
      </select>
    </label>
  );
}
