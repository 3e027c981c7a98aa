// A TOTP code seen once (over a shoulder, in a phished form) does not sign in again.
import { expect, test } from "vitest";
import { attemptSignIn } from "./sign-in";
import { totpCode, totpPanelForFile } from "./totp";

const target = totpPanelForFile();

test("a TOTP code is good once: the code that confirmed the enrolment, then a code that signed in, are refused", async () => {
  const { panel, enrolment } = target;
  const confirmCode = await attemptSignIn(panel, { code: enrolment.confirmedWith, from: "127.0.0.2" });
  expect(confirmCode.session).toBeUndefined();
  const code = totpCode(enrolment.secret, 1);
  const first = await attemptSignIn(panel, { code, from: "127.0.0.2" });
  expect(first.session, first.error).toBeDefined();
  const replayed = await attemptSignIn(panel, { code, from: "127.0.0.3" });
  expect(replayed.session).toBeUndefined();
  expect(replayed.value).toMatchObject({ needCode: true });
});
