import { redirect } from "next/navigation";
import { adminExists } from "@/lib/auth/setup";
import { PASSWORD_MIN } from "@/lib/auth/policy";
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
        labels={{
          code: t("setup.code"),
          codeHint: t("setup.codeWhere"),
          username: t("login.username"),
          usernameHint: t("username.rules"),
          password: t("login.password"),
          passwordHint: t("password.rules", { min: PASSWORD_MIN }),
          confirm: t("password.confirm"),
          submit: t("setup.submit"),
        }}
      />
    </>
  );
}
