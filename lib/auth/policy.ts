// What a username and a password must be. zod schemas, shared by setup, password change and the CLI.
import * as z from "zod";
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
