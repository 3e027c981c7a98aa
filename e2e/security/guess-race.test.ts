// Attack 2 of issue 10, the sharp end: the right password hidden among 200 sent at once. With the brake's
// check, the password check and the recording of the failure as separate steps, it signed in.
import { afterAll, beforeAll, expect, test } from "vitest";
import { ADMIN, startPanel, type Panel } from "./panel";
import { attemptsAtOnce } from "./sign-in";

let panel: Panel;
beforeAll(async () => {
  panel = await startPanel();
});
afterAll(() => panel?.stop());

test("200 passwords sent at once with the right one at #120: no session", async () => {
  const guesses = Array.from({ length: 200 }, (_, i) => ({ password: i === 119 ? ADMIN.password : `race-guess-${i}`, from: "127.0.0.2" }));
  const replies = await attemptsAtOnce(panel, guesses);
  const checked = panel.audit("login.failed").filter((row) => row.address === "127.0.0.2").length;
  expect(replies.filter((reply) => reply.session).length, `sessions issued (${checked} wrong passwords were checked)`).toBe(0);
  expect(panel.audit("login.ok")).toEqual([]);
});
