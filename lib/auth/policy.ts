// What a username and a password must be. zod schemas, shared by setup, password change and the CLI.
import * as z from "zod";
import { isMessageKey, type Message } from "../i18n";
import { isCommonPassword } from "./common-passwords";

export const PASSWORD_MIN = 10;

export const usernameSchema = z
  .string()
  .trim()
  .min(1, "username.required")
  .max(32, "username.tooLong")
  .regex(/^[a-zA-Z0-9._-]+$/, "username.chars");

/**
 * Messages are i18n keys; the UI translates them, the CLI prints the English text. Spaces around the password
 * count for nothing (ten spaces is no password); asynchronous (the common list loads on first use): parse with
 * safeParseAsync.
 */
export function passwordSchema(username: string) {
  return z
    .string()
    .max(256, "password.tooLong")
    .refine((p) => p.trim().length >= PASSWORD_MIN, "password.tooShort")
    .refine((p) => new Set(p.trim()).size > 1, "password.repeated")
    .refine((p) => p.trim().toLowerCase() !== username.toLowerCase(), "password.isUsername")
    .refine(async (p) => !(await isCommonPassword(p)), "password.common");
}

export type CredentialField = "username" | "password" | "confirm";
export type FieldIssues<Field extends string> = Partial<Record<Field, Message>>;

/**
 * Every field of a new account or a new password that breaks a rule, all at once (the first broken rule of
 * each), so a form can mark everything that is wrong in one answer. `confirm` is the password typed again.
 */
export async function credentialIssues(input: { username: string; password: string; confirm: string }): Promise<FieldIssues<CredentialField>> {
  const issues: FieldIssues<CredentialField> = {};
  const name = usernameSchema.safeParse(input.username);
  if (!name.success) issues.username = policyMessage(name.error.issues[0]!.message);
  const pass = await passwordSchema(name.success ? name.data : input.username.trim()).safeParseAsync(input.password);
  if (!pass.success) issues.password = policyMessage(pass.error.issues[0]!.message);
  if (input.password !== input.confirm) issues.confirm = { key: "password.mismatch" };
  return issues;
}

const policyMessage = (key: string): Message => (isMessageKey(key) ? { key } : { key: "error.invalid" });
