// Applies prisma/migrations on first use, so a fresh data dir works without the Prisma CLI (which is not
// shipped in an install). Bookkeeping uses Prisma's own _prisma_migrations table, so `prisma migrate`
// sees the same history.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";

/** Applies pending migrations; returns their names. Two processes starting at once do not both apply one. */
export function migrate(db: Database.Database, migrationsDir: string): string[] {
  // IMMEDIATE takes the write lock before reading what is done (better-sqlite3 waits up to 5 s for it).
  return db.transaction(() => applyPending(db, migrationsDir)).immediate();
}

/**
 * Whether a migration is not applied yet: one directory listing and one read-only query, so opening an
 * up-to-date database (every CLI run) costs no write lock.
 */
export function hasPendingMigrations(db: Database.Database, migrationsDir: string): boolean {
  const names = migrationNames(migrationsDir);
  try {
    const { done } = db
      .prepare(
        `SELECT count(*) AS done FROM _prisma_migrations
         WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL AND migration_name IN (SELECT value FROM json_each(?))`,
      )
      .get(JSON.stringify(names)) as { done: number };
    return done < names.length;
  } catch (error) {
    if (/no such table: _prisma_migrations/.test((error as Error).message)) return true;
    throw error;
  }
}

function migrationNames(migrationsDir: string): string[] {
  if (!existsSync(migrationsDir)) throw new Error(`migrations not found at ${migrationsDir}`);
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function applyPending(db: Database.Database, migrationsDir: string): string[] {
  // Loaded here, not on import: opening an up-to-date database (every CLI run) then skips node:crypto (~4 ms).
  const { createHash, randomUUID } = process.getBuiltinModule("node:crypto");
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
  const pending = migrationNames(migrationsDir).filter((name) => !done.has(name));
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
