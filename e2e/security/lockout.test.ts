// Attack 3 of issue 10: an attacker fails on purpose to lock the admin out of their own router.
import { afterAll, beforeAll, expect, test } from "vitest";
import { startPanel, type Panel } from "./panel";
import { attemptSignIn, attemptsAtOnce, throttledSeconds, wait } from "./sign-in";

let panel: Panel;
beforeAll(async () => {
  panel = await startPanel();
});
afterAll(() => panel?.stop());

test("failing on purpose does not lock the admin out: the right password from another address gets in within 30 s", async () => {
  // Bursts of 30 bad logins, each after the delay the last one named, until the attacker is told to wait longer
  // than the account's cap (a lock) or 3 bursts went out.
  let attackerWait = 0;
  for (let burst = 0; burst < 3 && attackerWait <= 30; burst++) {
    await wait(attackerWait * 1000);
    const replies = await attemptsAtOnce(panel, Array.from({ length: 30 }, (_, i) => ({ password: `lockout-${burst}-${i}`, from: "127.0.0.3" })));
    attackerWait = Math.max(0, ...replies.map((reply) => throttledSeconds(reply.error) ?? 0));
  }
  const first = await attemptSignIn(panel, { from: "127.0.0.4" });
  if (!first.session) {
    // The account's own delay is capped at 30 s; the hard lock belongs to the attacker's address only.
    const seconds = throttledSeconds(first.error);
    expect(seconds, `the admin from another address was told: ${first.error}`).toBeDefined();
    expect(seconds!, `the admin from another address was told: ${first.error}`).toBeLessThanOrEqual(30);
    await wait(seconds! * 1000 + 200);
    const second = await attemptSignIn(panel, { from: "127.0.0.4" });
    expect(second.session, `after waiting ${seconds} s: ${second.error}`).toBeDefined();
  }
}, 90_000);
