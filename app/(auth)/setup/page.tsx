import { redirect } from "next/navigation";
import { adminExists } from "@/lib/auth/setup";
import { currentTranslator } from "../../_server/request";
import { SetupForm } from "./setup-form";

export default async function SetupPage() {
  if (await adminExists()) redirect("/login");
  const { t } = await currentTranslator();
  return (
    <>
      <h1 className="text-lg font-semibold">{t("setup.title")}</h1>
      <p className="mt-1 mb-5 text-sm text-slate-600 dark:text-slate-400">{t("setup.intro")}</p>
      <SetupForm
        labels={{ code: t("setup.code"), username: t("login.username"), password: t("login.password"), confirm: t("password.confirm"), submit: t("setup.submit") }}
      />
    </>
  );
}
