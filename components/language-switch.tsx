"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { setLanguage } from "@/app/_actions/language";

const NAMES = { en: "English", id: "Bahasa Indonesia" } as const;

export function LanguageSwitch({ current, label }: { current: "en" | "id"; label: string }) {
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
          await setLanguage(e.target.value);
          router.refresh();
        })}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
      >
        {Object.entries(NAMES).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
      </select>
    </label>
  );
}
