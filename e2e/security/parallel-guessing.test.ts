// Attack 2 of issue 10: wrong passwords sent at once, so that every one passes the brake's "must I wait?"
// before the first failure is written down (of 100, 82 were checked; the policy allows 3, then delays).
import { afterAll, beforeAll, expect, test } from "vitest";
import { en } from "../../lib/i18n/en";
import { startPanel, type Panel } from "./panel";
import { attemptsAtOnce } from "./sign-in";
import { policyBreaches } from "./throttle-policy";

let panel: Panel;
beforeAll(async () => {
  panel = await startPanel();
});
afterAll(() => panel?.stop());

test("100 wrong passwords at once from one address: checked no faster than one by one (3, then a doubling delay)", async () => {
  const since = Date.now();
  const replies = await attemptsAtOnce(panel, Array.from({ length: 100 }, (_, i) => ({ password: `wrong-guess-${i}`, from: "127.0.0.2" })));
  expect(replies.filter((reply) => reply.session)).toHaveLength(0);
  // What the server really checked: each checked wrong password is one login.failed row.
  const checked = panel.audit("login.failed").filter((row) => row.address === "127.0.0.2");
  expect(policyBreaches(checked, since), `${checked.length} of 100 checked`).toEqual([]);
  expect(replies.filter((reply) => reply.error === en["login.failed"])).toHaveLength(checked.length);
});
