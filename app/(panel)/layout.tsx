import { setLanguage } from "@/app/_actions/language";
import { signOut } from "@/app/_actions/session";
import { LanguageSwitch } from "@/components/language-switch";
import { Nav } from "@/components/nav";
import { SignOutButton } from "@/components/sign-out-button";
import { currentTranslator, requireSession } from "../_server/request";

export default async function PanelLayout({ children }: { children: React.ReactNode }) {
  const session = await requireSession();
  const { lang, t } = await currentTranslator(session);
  const items = [
    { href: "/vpn", label: t("nav.vpn") },
    { href: "/status", label: t("nav.status") },
    { href: "/monitor", label: t("nav.monitor") },
    { href: "/admin", label: t("nav.admin") },
    { href: "/audit", label: t("nav.audit") },
  ];
  return (
    <div className="md:flex md:min-h-screen">
      {/* The first stop of the Tab key: past the navigation, straight to the page. */}
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        {t("nav.skip")}
      </a>
      <Nav
        items={items}
        menuLabel={t("nav.menu")}
        footer={
          <div className="space-y-3">
            <p className="text-xs text-slate-600 dark:text-slate-400" translate="no">{session.user.username}</p>
            <LanguageSwitch current={lang} label={t("admin.language")} choose={setLanguage} />
            <div><SignOutButton label={t("nav.signOut")} signOut={signOut} /></div>
          </div>
        }
      />
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 pb-32 focus:outline-none md:px-10 md:py-10">{children}</main>
    </div>
  );
}
