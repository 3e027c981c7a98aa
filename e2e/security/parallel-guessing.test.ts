// Attack 2 of issue 10: wrong passwords sent at once, so that every one passes the brake's "must I wait?"
// before the first failure is written down.
import { afterAll, beforeAll, expect, test } from "vitest";
import { startPanel, type Panel } from "./panel";
import { attemptsAtOnce, throttledSeconds } from "./sign-in";

let panel: Panel;
beforeAll(async () => {
  panel = await startPanel();
});
afterAll(() => panel?.stop());

test("100 wrong passwords sent at once from one address: at most 3 are checked, the rest are throttled", async () => {
  const replies = await attemptsAtOnce(panel, Array.from({ length: 100 }, (_, i) => ({ password: `wrong-guess-${i}`, from: "127.0.0.2" })));
  expect(replies.filter((reply) => reply.session)).toEqual([]);
  // What the server really checked: each checked wrong password is one login.failed row. The policy lets 2
  // failures go free, then delays: sent one after the other, 100 tries get the 3rd checked and no more.
  const checked = panel.audit("login.failed").filter((row) => row.address === "127.0.0.2").length;
  expect(checked).toBeLessThanOrEqual(3);
  expect(replies.filter((reply) => throttledSeconds(reply.error) !== undefined).length).toBeGreaterThanOrEqual(97);
});
