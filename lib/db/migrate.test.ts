import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { hasPendingMigrations, migrate } from "./migrate";

const dir = mkdtempSync(path.join(tmpdir(), "lintas-migrate-"));
const migrations = path.join(import.meta.dirname, "..", "..", "prisma", "migrations");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("creates the schema on a fresh database, records it as Prisma does, and is a no-op the second time", () => {
  const file = path.join(dir, "lintas.db");
  const first = new Database(file);
  const applied = migrate(first, migrations);
  expect(applied.length).toBeGreaterThanOrEqual(3);
  expect(applied).toEqual([...applied].sort());
  const tables = first.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => (r as { name: string }).name);
  expect(tables).toEqual(expect.arrayContaining(["Network", "Passthrough", "AppliedState", "User", "Session", "AuditEvent", "_prisma_migrations"]));
  const rows = first.prepare("SELECT migration_name, length(checksum) AS len, finished_at FROM _prisma_migrations").all() as { len: number; finished_at: string }[];
  expect(rows.every((r) => r.len === 64 && r.finished_at)).toBe(true);
  // A second connection (another process starting at the same time) finds nothing to do.
  const second = new Database(file);
  expect(migrate(second, migrations)).toEqual([]);
  first.close();
  second.close();
});

it("tells whether a migration is pending with one query, and a new migration directory makes one pending", () => {
  const copy = path.join(dir, "migrations");
  cpSync(migrations, copy, { recursive: true });
  const database = new Database(path.join(dir, "check.db"));
  expect(hasPendingMigrations(database, copy)).toBe(true); // no bookkeeping table yet
  migrate(database, copy);
  expect(hasPendingMigrations(database, copy)).toBe(false);
  mkdirSync(path.join(copy, "29991231000000_later"));
  writeFileSync(path.join(copy, "29991231000000_later", "migration.sql"), `CREATE TABLE "Later" ("id" INTEGER NOT NULL PRIMARY KEY);`);
  expect(hasPendingMigrations(database, copy)).toBe(true);
  expect(migrate(database, copy)).toEqual(["29991231000000_later"]);
  expect(hasPendingMigrations(database, copy)).toBe(false);
  database.close();
});
