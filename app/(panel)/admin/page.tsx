import { setLanguage } from "@/app/_actions/language";
import { LanguageSwitch } from "@/components/language-switch";
import { PASSWORD_MIN } from "@/lib/auth/policy";
import { listSessions } from "@/lib/auth/sessions";
import type { Translator } from "@/lib/i18n";
import { clientName } from "@/lib/user-agent";
import { currentTranslator, requireSession } from "../../_server/request";
import { loadReminderDays, MAX_REMINDER_DAYS } from "@/lib/reminder";
import { PasswordForm } from "./password-form";
import { ReminderForm } from "./reminder-form";
import { SessionList } from "./session-list";
import { TotpSection } from "./totp-section";

/** "Firefox 133 on Linux", or as much of it as the browser says. */
function client(userAgent: string, t: Translator): string {
  const { browser, os } = clientName(userAgent);
  if (browser && os) return t("admin.client", { browser, os });
  return browser ?? os ?? t("admin.unknownClient");
}

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
        <PasswordForm labels={{ current: t("password.current"), new: t("password.new"), newHint: t("password.rules", { min: PASSWORD_MIN }), confirm: t("password.confirm"), save: t("admin.save") }} />
      </section>
      <section className={card}>
        <h2 className="mb-4 font-semibold">{t("admin.totp")}</h2>
        <TotpSection
          enabled={session.user.totpEnabled}
          labels={{
            on: t("admin.totpOn"),
            off: t("admin.totpOff"),
            enable: t("admin.totpEnable"),
            replace: t("admin.totpReplace"),
            cancel: t("admin.totpCancel"),
            proveOn: t("admin.totpProveOn"),
            proveOff: t("admin.totpProveOff"),
            scan: t("admin.totpScan"),
            key: t("admin.totpKey"),
            newCode: t("admin.totpNewCode"),
            proofCode: t("admin.totpProofCode"),
            confirm: t("admin.totpConfirm"),
            disable: t("admin.totpDisable"),
            password: t("password.current"),
            recovery: {
              intro: t("admin.recoveryCodes"),
              copy: t("admin.recoveryCopy"),
              copied: t("admin.recoveryCopied"),
              copyFailed: t("admin.recoveryCopyFailed"),
              download: t("admin.recoveryDownload"),
              fileHeader: t("admin.recoveryFileHeader", { username: session.user.username }),
            },
          }}
        />
      </section>
      <section className={card}>
        <h2 className="mb-4 font-semibold">{t("admin.sessions")}</h2>
        <SessionList
          sessions={sessions.map((s) => ({
            id: s.id,
            address: s.address,
            client: client(s.userAgent, t),
            createdAt: s.createdAt.toISOString(),
            lastSeenAt: s.lastSeenAt.toISOString(),
            current: s.id === session.id,
          }))}
          labels={{
            current: t("admin.thisSession"),
            revoke: t("admin.revoke"),
            everywhere: t("admin.signOutEverywhere"),
            created: t("admin.created"),
            lastSeen: t("admin.lastSeen"),
            confirmOwn: t("admin.confirmRevokeOwn"),
            confirmEverywhere: t("admin.confirmEverywhere"),
            yesSignOut: t("admin.yesSignOut"),
            cancel: t("admin.cancel"),
          }}
        />
      </section>
      <section className={card}>
        <h2 className="mb-4 font-semibold">{t("admin.reminder.title")}</h2>
        <ReminderForm days={loadReminderDays()} max={MAX_REMINDER_DAYS} labels={{ intro: t("admin.reminder.intro"), days: t("admin.reminder.days"), save: t("admin.reminder.save") }} />
      </section>
      <section className={card}>
        <h2 className="mb-4 font-semibold">{t("admin.language")}</h2>
        <LanguageSwitch current={lang} label={t("admin.language")} choose={setLanguage} />
      </section>
    </div>
  );
}
