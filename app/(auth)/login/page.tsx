import { redirect } from "next/navigation";
import { adminExists } from "@/lib/auth/setup";
import { currentSession, currentTranslator } from "../../_server/request";
import { LoginForm } from "./login-form";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ ended?: string }> }) {
  if (!(await adminExists())) redirect("/setup");
  if (await currentSession()) redirect("/vpn");
  const { t } = await currentTranslator();
  // Sent here by the admin page when too many wrong passwords ended the session.
  const notice = (await searchParams).ended === "reauth" ? t("session.endedReauth") : undefined;
  return (
    <>
      <h1 className="mb-5 text-lg font-semibold">{t("login.title")}</h1>
      <LoginForm notice={notice} labels={{ username: t("login.username"), password: t("login.password"), code: t("login.totp"), submit: t("login.submit") }} />
    </>
  );
}
