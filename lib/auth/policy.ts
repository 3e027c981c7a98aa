// What a username and a password must be. zod schemas, shared by setup, password change and the CLI.
import * as z from "zod";

export const PASSWORD_MIN = 10;

// A small list of the passwords attackers try first (router defaults among them).
const COMMON = new Set([
  "password", "password1", "password123", "passw0rd", "123456789", "1234567890", "12345678910", "qwertyuiop",
  "qwerty123", "1q2w3e4r5t", "administrator", "admin12345", "adminadmin", "letmein123", "welcome123", "iloveyou",
  "changeme", "changeme123", "default123", "routerpass", "router1234", "password12", "abc1234567", "1111111111",
  "0000000000", "00000000000", "asdfghjkl", "zxcvbnm123", "superuser", "rahasia123", "bismillah", "indonesia",
  "indonesia123", "sayang1234", "katasandi", "katasandi123", "p@ssw0rd", "p@ssword123", "trustno1", "football1",
]);

export const usernameSchema = z
  .string()
  .trim()
  .min(1, "username.required")
  .max(32, "username.tooLong")
  .regex(/^[a-zA-Z0-9._-]+$/, "username.chars");

/** Messages are i18n keys; the UI translates them, the CLI prints the English text. */
export function passwordSchema(username: string) {
  return z
    .string()
    .min(PASSWORD_MIN, "password.tooShort")
    .max(256, "password.tooLong")
    .refine((p) => p.toLowerCase() !== username.toLowerCase(), "password.isUsername")
    .refine((p) => !COMMON.has(p.toLowerCase()), "password.common");
}
