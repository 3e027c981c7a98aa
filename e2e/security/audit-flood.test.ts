// Attack 4 of issue 10: flooding the login from a blocked address to push older events out of the audit log
// (it kept the newest 10,000 rows of any kind: 600 throttled tries wrote 600 rows in 4.8 s).
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, test } from "vitest";
import { configureNetwork, startPanel, type Panel } from "./panel";
import { attemptsAtOnce, throttledSeconds } from "./sign-in";

let panel: Panel;
beforeAll(async () => {
  panel = await startPanel();
});
afterAll(() => panel?.stop());

// The log as a long-lived router's: 9,500 failed sign-ins since the configuration change (a year of noise, or
// an earlier flood). Written straight into the table: the point is what the next flood does to it.
function noiseSince(rows: number): void {
  const db = new Database(path.join(panel.dataDir, "lintas.db"));
  try {
    const insert = db.prepare(`INSERT INTO "AuditEvent" ("at", "actor", "address", "action", "ok", "detail") VALUES (?, '(unknown user)', '127.0.0.99', 'login.failed', 0, '{"reason":"no such user"}')`);
    const at = new Date().toISOString().replace("Z", "+00:00");
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(at);
    })();
  } finally {
    db.close();
  }
}

test("600 throttled sign-ins write a handful of rows and keep an older configuration change", async () => {
  configureNetwork(panel);
  const change = panel.audit("config.change");
  expect(change).toHaveLength(1);
  noiseSince(9_500);
  const before = Math.max(...panel.audit().map((row) => row.id));

  let throttled = 0;
  for (let burst = 0; burst < 6; burst++) {
    const replies = await attemptsAtOnce(panel, Array.from({ length: 100 }, (_, i) => ({ password: `flood-${burst}-${i}`, from: "127.0.0.2" })));
    throttled += replies.filter((reply) => throttledSeconds(reply.error) !== undefined).length;
  }

  expect(panel.audit("config.change").map((row) => row.id), "the configuration change is still in the log").toEqual(change.map((row) => row.id));
  const written = panel.audit().filter((row) => row.id > before);
  expect(written.length, `the flood wrote ${written.length} rows`).toBeLessThanOrEqual(10);
  // Nothing is lost by aggregating: the rows count every throttled try.
  const counted = written.filter((row) => row.action === "login.throttled").reduce((sum, row) => sum + Number(row.detail.count ?? 1), 0);
  expect(counted).toBe(throttled);
}, 120_000);
