// Attack 7 of issue 10: a password of 10 spaces was accepted. The policy counts what is left after trimming,
// refuses one repeated character and common passwords, and says which field is wrong in the admin's language.
import { afterAll, beforeAll, expect, test } from "vitest";
import { callAction } from "./actions";
import { ADMIN, startPanel, type Panel } from "./panel";
import { formOf, signIn } from "./sign-in";
import { adminAction } from "./totp";

const WEAK = ["          ", "   short1   ", "aaaaaaaaaaaa", "password123", "1234567890"];

let panel: Panel;
beforeAll(async () => {
  panel = await startPanel({ provision: false });
});
afterAll(() => panel?.stop());

const setup = (password: string, language = "en") =>
  callAction(panel.url, {
    page: "/setup",
    file: "app/(auth)/setup/actions.ts",
    action: "setupAction",
    args: [null, formOf({ code: panel.setupCode!, username: ADMIN.username, password, confirm: password })],
    cookie: `lintas_lang=${language}`,
  });

const passwordError = (value: unknown) => (value as { fieldErrors?: { password?: string } } | undefined)?.fieldErrors?.password;

test("weak passwords are refused at setup, with a field error in English and in Indonesian", async () => {
  for (const weak of WEAK) {
    const reply = await setup(weak);
    expect(passwordError(reply.value), `setup with ${JSON.stringify(weak)}: ${JSON.stringify(reply.value)} ${reply.redirect ?? ""}`).toBeDefined();
    expect(panel.query(`SELECT "id" FROM "User"`)).toEqual([]);
    const indonesian = passwordError((await setup(weak, "id")).value);
    expect(indonesian).toBeDefined();
    expect(indonesian).not.toBe(passwordError(reply.value));
  }
  expect((await setup(ADMIN.password)).redirect).toBe("/vpn");
});

test("weak passwords are refused at password change and from the shell", async () => {
  // The admin with a good password, whatever the setup test left.
  expect(panel.cli(["admin", "set-password", ADMIN.username], `${ADMIN.password}\n`).code).toBe(0);
  const session = await signIn(panel);
  for (const weak of WEAK) {
    const form = formOf({ current: ADMIN.password, password: weak, confirm: weak });
    const reply = await adminAction(panel, "changePasswordAction", [null, form], session);
    expect(passwordError(reply.value), `change to ${JSON.stringify(weak)}: ${JSON.stringify(reply.value)}`).toBeDefined();
    const shell = panel.cli(["admin", "set-password", ADMIN.username], `${weak}\n`);
    expect(shell.code, `lintas admin set-password with ${JSON.stringify(weak)}: ${shell.out}`).toBe(2);
    expect(shell.err).toContain("password");
  }
  // Still the first password.
  await signIn(panel, { from: "127.0.0.2" });
});
