// The audit log against real SQLite in a temp data dir: a flood of throttled sign-ins writes a row or two and
// pushes nothing out; security and config events outlive any amount of noise and leave only by age.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const parent = mkdtempSync(path.join(tmpdir(), "lintas-audit-"));
process.env.LINTAS_DATA_DIR = path.join(parent, "data");
process.env.LINTAS_ROOT = path.join(import.meta.dirname, "..");
const { AGGREGATE_WINDOW_MS, AUDIT_KEEP_DAYS, audit, auditKind, NOISE_KEEP } = await import("./audit");
const { auditActors, recentAudit } = await import("./audit-history");
const { sqlite } = await import("./db/sqlite");
afterAll(() => rmSync(parent, { recursive: true, force: true }));

const attacker = { name: "admin", address: "192.168.50.66" };
const admin = { name: "admin", address: "192.168.50.10" };
const rows = (action: string) => (sqlite().prepare(`SELECT count(*) AS n FROM "AuditEvent" WHERE "action" = ?`).get(action) as { n: number }).n;
const allRows = () => (sqlite().prepare(`SELECT count(*) AS n FROM "AuditEvent"`).get() as { n: number }).n;
const throttled = (actor = attacker) => audit({ actor, action: "login.throttled", ok: false, detail: { waitSeconds: 4 } });

beforeEach(() => {
  sqlite().exec(`DELETE FROM "AuditEvent"`);
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-27T10:00:00Z"));
});
afterEach(() => vi.useRealTimers());

describe("kinds", () => {
  it("sorts every action the code writes: failed guesses are noise, sign-ins and accounts security, the rest config", () => {
    const kinds = (actions: string[]) => actions.map(auditKind);
    expect(kinds(["login.failed", "login.throttled", "setup.failed"])).toEqual(["noise", "noise", "noise"]);
    expect(kinds(["login.ok", "login.locked", "logout", "admin.password-change", "totp.disable", "totp.reset", "session.revoke-all", "session.ended-reauth", "setup.admin-created"])).toEqual(
      Array(9).fill("security"),
    );
    expect(kinds(["config.change", "config.repair", "config.reapply", "config.recover", "rules.removed", "trace", "something.new"])).toEqual(Array(7).fill("config"));
  });
});

describe("the log by kind", () => {
  it("holds exactly the rows auditKind sorts there, and by who", async () => {
    const actions = ["login.failed", "login.ok", "logout", "setup.failed", "setup.admin-created", "totp.enable", "config.change", "rules.removed", "trace", "loginish"];
    const cli = { name: "cli (root)" };
    for (const action of actions) audit({ actor: action === "trace" ? cli : admin, action, ok: true });
    for (const kind of ["security", "config", "noise"] as const) {
      const listed = (await recentAudit({ kind })).map((e) => e.action).sort();
      expect([kind, listed]).toEqual([kind, actions.filter((a) => auditKind(a) === kind).sort()]);
    }
    expect((await recentAudit({ kind: "config", actor: cli.name })).map((e) => e.action)).toEqual(["trace"]);
    expect(await auditActors()).toEqual(["admin", "cli (root)"]);
  });
});

describe("a flood of throttled sign-ins", () => {
  it("600 from one address within a minute are one row with their count, and the config event before them stays", async () => {
    audit({ actor: admin, action: "config.change", ok: true, detail: { before: null } });
    const before = allRows();
    for (let i = 0; i < 600; i++) {
      throttled();
      vi.advanceTimersByTime(8); // 4.8 s in all, as the attack took
    }
    expect(allRows() - before).toBe(1);
    const [flood, change] = await recentAudit(2);
    expect(flood).toMatchObject({ action: "login.throttled", actor: "admin", address: attacker.address, detail: { waitSeconds: 4 } });
    expect(flood!.repeated).toEqual({ count: 600, lastAt: new Date(Date.now() - 8) });
    expect(change).toMatchObject({ action: "config.change", actor: "admin", address: admin.address });
  });

  it("starts a new row per address and once a row's minute is over", () => {
    throttled();
    throttled({ ...attacker, address: "192.168.50.67" });
    throttled({ name: "(unknown user)", address: attacker.address });
    expect(rows("login.throttled")).toBe(3);
    vi.advanceTimersByTime(AGGREGATE_WINDOW_MS - 1);
    throttled();
    expect(rows("login.throttled")).toBe(3);
    vi.advanceTimersByTime(2);
    throttled();
    throttled();
    expect(rows("login.throttled")).toBe(4);
    const counts = sqlite().prepare(`SELECT json_extract("detail", '$.count') AS count FROM "AuditEvent" WHERE "address" = ? ORDER BY "id"`).all(attacker.address);
    expect(counts).toEqual([{ count: 2 }, { count: 1 }, { count: 2 }]);
  });

  it("aggregates only what repeats with nothing new: each wrong password is its own row", () => {
    for (let i = 0; i < 3; i++) audit({ actor: attacker, action: "login.failed", ok: false, detail: { reason: "wrong password" } });
    expect(rows("login.failed")).toBe(3);
  });
});

describe("retention", () => {
  it("noise is capped by count per action; security and config events outlive any amount of it", () => {
    audit({ actor: admin, action: "login.ok", ok: true, detail: { secondFactor: true } });
    audit({ actor: admin, action: "config.change", ok: true, detail: { before: null } });
    const insert = sqlite().transaction((n: number) => {
      for (let i = 0; i < n; i++) audit({ actor: { name: "(unknown user)", address: `10.0.${i >> 8 & 255}.${i & 255}` }, action: "login.failed", ok: false, detail: { reason: "no such user" } });
    });
    insert(NOISE_KEEP * 2);
    expect(rows("login.ok")).toBe(1);
    expect(rows("config.change")).toBe(1);
    // Retention runs every hundredth row: the cap is met to within that.
    expect(rows("login.failed")).toBeGreaterThanOrEqual(NOISE_KEEP);
    expect(rows("login.failed")).toBeLessThan(NOISE_KEEP + 100);
    // The newest are the ones kept.
    const oldest = sqlite().prepare(`SELECT "address" FROM "AuditEvent" WHERE "action" = 'login.failed' ORDER BY "id" LIMIT 1`).get() as { address: string };
    const kept = rows("login.failed");
    const first = NOISE_KEEP * 2 - kept;
    expect(oldest.address).toBe(`10.0.${first >> 8 & 255}.${first & 255}`);
  });

  it("everything leaves after a year, by age", () => {
    const start = Date.now();
    audit({ actor: admin, action: "config.change", ok: true, detail: { label: "old" } });
    vi.setSystemTime(start + 2 * 86_400_000);
    audit({ actor: admin, action: "config.change", ok: true, detail: { label: "newer" } });
    vi.setSystemTime(start + (AUDIT_KEEP_DAYS + 1) * 86_400_000);
    for (let i = 0; i < 100; i++) audit({ actor: admin, action: "trace", ok: true });
    const left = sqlite().prepare(`SELECT json_extract("detail", '$.label') AS label FROM "AuditEvent" WHERE "action" = 'config.change'`).all();
    expect(left).toEqual([{ label: "newer" }]);
  });
});
