// Applies prisma/migrations on first use, so a fresh data dir works without the Prisma CLI (which is not
// shipped in an install). Bookkeeping uses Prisma's own _prisma_migrations table, so `prisma migrate`
// sees the same history.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";

/** Applies pending migrations; returns their names. Two processes starting at once do not both apply one. */
export function migrate(db: Database.Database, migrationsDir: string): string[] {
  // IMMEDIATE takes the write lock before reading what is done (better-sqlite3 waits up to 5 s for it).
  return db.transaction(() => applyPending(db, migrationsDir)).immediate();
}

function applyPending(db: Database.Database, migrationsDir: string): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
  const done = new Set(
    db
      .prepare(`SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)
      .all()
      .map((row) => (row as { name: string }).name),
  );
  if (!existsSync(migrationsDir)) throw new Error(`migrations not found at ${migrationsDir}`);
  const pending = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !done.has(entry.name))
    .map((entry) => entry.name)
    .sort();
  for (const name of pending) {
    const sql = readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
    const checksum = createHash("sha256").update(sql).digest("hex");
    db.exec(sql);
    db.prepare(
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count)
       VALUES (?, ?, current_timestamp, ?, 1)`,
    ).run(randomUUID(), checksum, name);
  }
  return pending;
}
