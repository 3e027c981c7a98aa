// A TOTP code seen once (over a shoulder, in a phished form) does not sign in again.
import { afterAll, beforeAll, expect, test } from "vitest";
import { startPanel, type Panel } from "./panel";
import { attemptSignIn, signIn } from "./sign-in";
import { enrolTotp, totpCode, type Enrolment } from "./totp";

let panel: Panel;
let enrolment: Enrolment;
beforeAll(async () => {
  panel = await startPanel();
  enrolment = await enrolTotp(panel, await signIn(panel));
});
afterAll(() => panel?.stop());

test("a TOTP code is good once: the code that confirmed the enrolment, then a code that signed in, are refused", async () => {
  const confirmCode = await attemptSignIn(panel, { code: enrolment.confirmedWith, from: "127.0.0.2" });
  expect(confirmCode.session).toBeUndefined();
  const code = totpCode(enrolment.secret, 1);
  const first = await attemptSignIn(panel, { code, from: "127.0.0.2" });
  expect(first.session, first.error).toBeDefined();
  const replayed = await attemptSignIn(panel, { code, from: "127.0.0.3" });
  expect(replayed.session).toBeUndefined();
  expect(replayed.value).toMatchObject({ needCode: true });
});
