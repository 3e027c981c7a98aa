import { setLanguage } from "@/app/_actions/language";
import { LanguageSwitch } from "@/components/language-switch";
import { currentTranslator } from "../_server/request";

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  const { lang, t } = await currentTranslator();
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-between">
          <div>
            <p className="text-2xl font-semibold tracking-tight">{t("app.name")}</p>
            <p className="text-sm text-slate-500 dark:text-slate-400">{t("app.tagline")}</p>
          </div>
          <LanguageSwitch current={lang} label={t("admin.language")} choose={setLanguage} />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">{children}</div>
      </div>
    </main>
  );
}
