// Attack 5 of issue 10: with a stolen session (no password), guess the password through "change password",
// which asks for it again. It must brake like the login and end the session. (Through "turn off TOTP":
// totp-takeover.test.ts.)
import { afterAll, beforeAll, expect, test } from "vitest";
import { startPanel, type Panel } from "./panel";
import { guessUntilSignedOut, MAX_GUESSES } from "./reauth";
import { formOf, signIn } from "./sign-in";
import { adminAction } from "./totp";

let panel: Panel;
beforeAll(async () => {
  panel = await startPanel();
});
afterAll(() => panel?.stop());

test("guessing through change password ends the session after at most 5 wrong passwords", async () => {
  const from = "127.0.0.2";
  const stolen = await signIn(panel, { from });
  const outcome = await guessUntilSignedOut(panel, stolen, from, (i) => {
    const form = formOf({ current: `guess-${i}-xyz`, password: "new-Passphrase-77", confirm: "new-Passphrase-77" });
    return adminAction(panel, "changePasswordAction", [null, form], stolen, from);
  });
  expect(outcome.ended, `the session survived ${MAX_GUESSES} wrong passwords (${outcome.wrong} checked)`).toBe(true);
  expect(outcome.wrong).toBeLessThanOrEqual(5);
  expect(panel.audit("session.ended-reauth").filter((row) => row.address === from)).toHaveLength(1);
}, 120_000);
