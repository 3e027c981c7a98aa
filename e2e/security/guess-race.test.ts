// Attack 2 of issue 10, the sharp end: the right password hidden among 200 sent at once. With the brake's
// check, the password check and the recording of the failure as separate steps, 199 wrong ones were checked
// and the right one signed in.
import { afterAll, beforeAll, expect, test } from "vitest";
import { ADMIN, startPanel, type Panel } from "./panel";
import { attemptsAtOnce } from "./sign-in";
import { policyBreaches } from "./throttle-policy";

let panel: Panel;
beforeAll(async () => {
  panel = await startPanel();
});
afterAll(() => panel?.stop());

test("200 passwords at once with the right one at #120: each checked only in its turn, no session from the race", async () => {
  const guesses = Array.from({ length: 200 }, (_, i) => ({ password: i === 119 ? ADMIN.password : `race-guess-${i}`, from: "127.0.0.2" }));
  const since = Date.now();
  await attemptsAtOnce(panel, guesses);
  const checked = panel.audit().filter((row) => row.address === "127.0.0.2" && ["login.failed", "login.ok"].includes(row.action));
  // The right password is checked only if the policy's delays let it through in its turn, as one by one.
  expect(policyBreaches(checked, since), `${checked.length} of 200 checked`).toEqual([]);
});
