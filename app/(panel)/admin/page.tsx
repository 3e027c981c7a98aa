import { setLanguage } from "@/app/_actions/language";
import { LanguageSwitch } from "@/components/language-switch";
import { listSessions } from "@/lib/auth/sessions";
import { currentTranslator, requireSession } from "../../_server/request";
import { PasswordForm, SessionList, TotpSection } from "./admin-forms";

const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 16);

export default async function AdminPage() {
  const session = await requireSession();
  const { lang, t } = await currentTranslator(session);
  const sessions = await listSessions(session.user.id);
  const card = "rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900";
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">{t("admin.title")}</h1>
      <section className={card}>
        <h2 className="mb-4 font-semibold">{t("admin.password")}</h2>
        <PasswordForm labels={{ current: t("password.current"), new: t("password.new"), confirm: t("password.confirm"), save: t("admin.save") }} />
      </section>
      <section className={card}>
        <h2 className="mb-4 font-semibold">{t("admin.totp")}</h2>
        <TotpSection
          enabled={session.user.totpEnabled}
          labels={{ on: t("admin.totpOn"), off: t("admin.totpOff"), enable: t("admin.totpEnable"), replace: t("admin.totpReplace"), cancel: t("admin.totpCancel"), proveOn: t("admin.totpProveOn"), proveOff: t("admin.totpProveOff"), scan: t("admin.totpScan"), key: t("admin.totpKey"), code: t("login.totp"), confirm: t("admin.totpConfirm"), disable: t("admin.totpDisable"), recovery: t("admin.recoveryCodes"), password: t("password.current") }}
        />
      </section>
      <section className={card}>
        <h2 className="mb-4 font-semibold">{t("admin.sessions")}</h2>
        <SessionList
          sessions={sessions.map((s) => ({ id: s.id, address: s.address, userAgent: s.userAgent, createdAt: when(s.createdAt), lastSeenAt: when(s.lastSeenAt), current: s.id === session.id }))}
          labels={{ current: t("admin.thisSession"), revoke: t("admin.revoke"), everywhere: t("admin.signOutEverywhere"), created: t("admin.created"), lastSeen: t("admin.lastSeen") }}
        />
      </section>
      <section className={card}>
        <h2 className="mb-4 font-semibold">{t("admin.language")}</h2>
        <LanguageSwitch current={lang} label={t("admin.language")} choose={setLanguage} />
      </section>
    </div>
  );
}
