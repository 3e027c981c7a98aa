// Attacks 1 and 5 of issue 10: with a stolen session (no password), turn the owner's second factor off or swap
// it for the attacker's own, or guess the password through "turn off TOTP"; and the owner's way back on the
// router, `lintas admin reset-totp`.
import { generateSecret } from "otplib";
import { expect, test } from "vitest";
import { ADMIN } from "./panel";
import { guessUntilSignedOut, MAX_GUESSES } from "./reauth";
import { attemptSignIn, isSignedIn, patientSignIn, signIn } from "./sign-in";
import { adminAction, totpCode, totpPanelForFile } from "./totp";

const target = totpPanelForFile();

test("a stolen session can neither turn TOTP off nor replace the owner's secret and recovery codes", async () => {
  const { panel, enrolment } = target;
  const stolen = { cookie: enrolment.session, from: "127.0.0.66" };
  // The enrolment action, called while TOTP is on, with the session alone: no proof, or a made-up password.
  let attackerSecret = generateSecret();
  for (const proof of [undefined, { password: "not-the-password" }]) {
    const begun = (await adminAction(panel, "beginTotpAction", [proof], stolen.cookie, stolen.from)).value as { secret?: string };
    attackerSecret = begun?.secret ?? attackerSecret;
  }
  const passwordOnly = await attemptSignIn(panel, { from: "127.0.0.67" });
  expect(passwordOnly.session, "a sign-in with the password alone got a session").toBeUndefined();
  expect(passwordOnly.value).toMatchObject({ needCode: true });
  // Confirming with the attacker's authenticator (had an enrolment begun, it would have its secret).
  await adminAction(panel, "confirmTotpAction", [{ code: totpCode(attackerSecret) }], stolen.cookie, stolen.from);
  // The owner's authenticator and an unused recovery code still sign in.
  const withCode = await attemptSignIn(panel, { code: totpCode(enrolment.secret, 1), from: "127.0.0.68" });
  expect(withCode.session, `the owner's TOTP code was refused: ${withCode.error}`).toBeDefined();
  const withRecovery = await attemptSignIn(panel, { code: enrolment.recoveryCodes[0], from: "127.0.0.68" });
  expect(withRecovery.session, `the owner's recovery code was refused: ${withRecovery.error}`).toBeDefined();
});

test("guessing through turn-off-TOTP ends the session after at most 5 wrong passwords, and TOTP stays on", async () => {
  const { panel, enrolment } = target;
  const from = "127.0.0.3";
  const stolen = await signIn(panel, { code: enrolment.recoveryCodes[1], from });
  const outcome = await guessUntilSignedOut(panel, stolen, from, (i) => adminAction(panel, "disableTotpAction", [{ password: `guess-${i}-xyz` }], stolen, from));
  expect(outcome.ended, `the session survived ${MAX_GUESSES} wrong passwords (${outcome.wrong} checked)`).toBe(true);
  expect(outcome.wrong).toBeLessThanOrEqual(5);
  expect(panel.audit("session.ended-reauth").filter((row) => row.address === from)).toHaveLength(1);
  expect((await patientSignIn(panel, { from: "127.0.0.4" })).value).toMatchObject({ needCode: true });
}, 120_000);

test("lintas admin reset-totp USER turns TOTP off, signs the user out everywhere and is audited", async () => {
  const { panel, enrolment } = target;
  const reset = panel.cli(["admin", "reset-totp", ADMIN.username]);
  expect(reset.code, reset.err).toBe(0);
  const unknown = panel.cli(["admin", "reset-totp", "nobody"]);
  expect(unknown.code).toBe(2);
  expect(unknown.err).toContain("nobody");
  expect(await isSignedIn(panel, enrolment.session)).toBe(false);
  expect(panel.audit("totp.reset")).toHaveLength(1);
  // The password alone signs in again: the second factor and its recovery codes are gone.
  const passwordOnly = await patientSignIn(panel, { from: "127.0.0.69" });
  expect(passwordOnly.session, passwordOnly.error).toBeDefined();
  expect(panel.query(`SELECT "id" FROM "RecoveryCode"`)).toEqual([]);
});
