// The admin page's second-factor actions, and codes from an authenticator app (otplib, as the panel uses).
import { generateSync } from "otplib";
import { callAction, type ActionReply } from "./actions";
import { afterAll, beforeAll } from "vitest";
import { ADMIN, startPanel, type Panel } from "./panel";
import { signIn } from "./sign-in";

const ADMIN_ACTIONS = { page: "/admin", file: "app/(panel)/admin/actions.ts" } as const;

export function adminAction(panel: Panel, action: string, args: unknown[], cookie: string, from?: string): Promise<ActionReply> {
  return callAction(panel.url, { ...ADMIN_ACTIONS, action, args, cookie, from });
}

/** The code an authenticator app shows `steps` 30-second steps from now. */
export function totpCode(secret: string, steps = 0): string {
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
}

/** The admin's session that enrolled, the secret as the authenticator app holds it, the codes shown once. */
export type Enrolment = { session: string; secret: string; recoveryCodes: string[]; confirmedWith: string };

/** Signs the admin in and turns TOTP on as the admin page does: begin (password again), confirm with a code. */
export async function enrolTotp(panel: Panel): Promise<Enrolment> {
  const cookie = await signIn(panel);
  const begun = (await adminAction(panel, "beginTotpAction", [{ password: ADMIN.password }], cookie)).value as { ok: boolean; secret?: string };
  if (!begun?.ok || !begun.secret) throw new Error(`TOTP enrolment did not begin: ${JSON.stringify(begun)}`);
  const code = totpCode(begun.secret);
  const confirmed = (await adminAction(panel, "confirmTotpAction", [{ code }], cookie)).value as { ok: boolean; codes?: string[] };
  if (!confirmed?.ok || !confirmed.codes) throw new Error(`TOTP enrolment was not confirmed: ${JSON.stringify(confirmed)}`);
  return { session: cookie, secret: begun.secret, recoveryCodes: confirmed.codes, confirmedWith: code };
}

/** One panel whose admin has TOTP on, for the tests of one file: set up before them, stopped after them. */
export function totpPanelForFile(): { panel: Panel; enrolment: Enrolment } {
  const target = {} as { panel: Panel; enrolment: Enrolment };
  beforeAll(async () => {
    target.panel = await startPanel();
    target.enrolment = await enrolTotp(target.panel);
  });
  afterAll(() => target.panel?.stop());
  return target;
}
