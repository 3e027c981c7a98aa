"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { endSessionByToken } from "@/lib/auth/sessions";
import { guardedAction } from "../_server/action";
import { clearSessionCookie, SESSION_COOKIE } from "../_server/request";

export const signOut = guardedAction(z.undefined(), async (_input, { actor }) => {
  await endSessionByToken((await cookies()).get(SESSION_COOKIE)?.value);
  await clearSessionCookie();
  await audit({ actor, action: "logout", ok: true });
  redirect("/login");
});
