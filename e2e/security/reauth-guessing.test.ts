// Attack 5 of issue 10: with a stolen session (no password), guess the password through the forms that ask
// for it again: "change password" and "turn off TOTP". They must brake like the login and end the session.
import { expect, test } from "vitest";
import { en } from "../../lib/i18n/en";
import type { ActionReply } from "./actions";
import { formOf, isSignedIn, patientSignIn, signIn, throttledSeconds, wait } from "./sign-in";
import { adminAction, totpPanelForFile } from "./totp";

const target = totpPanelForFile();

const MAX_TRIES = 12;

/** Wrong passwords through `guess`, waiting out any delay the server names, until the session is gone. */
async function guessUntilSignedOut(cookie: string, from: string, guess: (i: number) => Promise<ActionReply>) {
  let wrong = 0;
  for (let i = 0; i < MAX_TRIES; i++) {
    const reply = JSON.stringify((await guess(i)).value ?? null);
    if (reply.includes(en["password.wrongCurrent"])) wrong++;
    if (!(await isSignedIn(target.panel, cookie, from))) return { ended: true, wrong };
    const seconds = throttledSeconds(reply);
    if (seconds !== undefined && seconds <= 30) await wait(seconds * 1000 + 200);
  }
  return { ended: false, wrong };
}

test("guessing through change password ends the session after at most 5 wrong passwords", async () => {
  const { panel, enrolment } = target;
  const from = "127.0.0.2";
  const stolen = await signIn(panel, { code: enrolment.recoveryCodes[0], from });
  const outcome = await guessUntilSignedOut(stolen, from, (i) => {
    const form = formOf({ current: `guess-${i}-xyz`, password: "new-Passphrase-77", confirm: "new-Passphrase-77" });
    return adminAction(panel, "changePasswordAction", [null, form], stolen, from);
  });
  expect(outcome.ended, `the session survived ${MAX_TRIES} wrong passwords (${outcome.wrong} checked)`).toBe(true);
  expect(outcome.wrong).toBeLessThanOrEqual(5);
  expect(panel.audit("session.ended-reauth").filter((row) => row.address === from)).toHaveLength(1);
}, 120_000);

test("guessing through turn-off-TOTP ends the session after at most 5 wrong passwords, and TOTP stays on", async () => {
  const { panel, enrolment } = target;
  const from = "127.0.0.3";
  const stolen = await signIn(panel, { code: enrolment.recoveryCodes[1], from });
  const outcome = await guessUntilSignedOut(stolen, from, (i) => adminAction(panel, "disableTotpAction", [{ password: `guess-${i}-xyz` }], stolen, from));
  expect(outcome.ended, `the session survived ${MAX_TRIES} wrong passwords (${outcome.wrong} checked)`).toBe(true);
  expect(outcome.wrong).toBeLessThanOrEqual(5);
  expect(panel.audit("session.ended-reauth").filter((row) => row.address === from)).toHaveLength(1);
  expect((await patientSignIn(panel, { from: "127.0.0.4" })).value).toMatchObject({ needCode: true });
}, 120_000);
