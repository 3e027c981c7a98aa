// The one raw SQLite connection. The hot path (stored, applied and pending config; audit writes) runs on it
// without loading the Prisma client; lib/db/client.ts opens Prisma after it. prisma/schema.prisma and
// prisma/migrations stay the schema: opening migrates only when a migration is pending (one query tells).
import path from "node:path";
import Database from "better-sqlite3";
import { appRoot, dataDir } from "../paths";
import { ensurePrivateDir, ensurePrivateFile, narrowIfPresent } from "../private-files";
import { hasPendingMigrations, migrate } from "./migrate";

const globalForSqlite = globalThis as unknown as { lintasSqlite?: { file: string; connection: Database.Database } };

export function databaseFile(): string {
  return path.join(dataDir(), "lintas.db");
}

/** The connection to the data dir's database; created (0600, in a 0700 dir) and migrated on first use. */
export function sqlite(): Database.Database {
  const file = databaseFile();
  const cached = globalForSqlite.lintasSqlite;
  if (cached?.file === file) return cached.connection;
  cached?.connection.close();
  ensurePrivateDir(path.dirname(file));
  // SQLite creates a database 0644 (less what the umask takes off) and its -wal and -shm with the database's
  // mode: made 0600 before SQLite opens it, all three are.
  ensurePrivateFile(file);
  const connection = new Database(file);
  try {
    // WAL: the panel reads while the CLI writes. NORMAL sync: a commit costs no fsync and survives the process
    // crashing; an OS crash may lose the last commits, never the database (the kernel loses its rules then too,
    // and the stored config is applied again at boot).
    connection.pragma("journal_mode = WAL");
    connection.pragma("synchronous = NORMAL");
    // Left behind by an older Lintas that crashed with them 0644.
    for (const suffix of ["-wal", "-shm"]) narrowIfPresent(file + suffix);
    const migrations = path.join(appRoot(), "prisma", "migrations");
    if (hasPendingMigrations(connection, migrations)) migrate(connection, migrations);
  } catch (error) {
    connection.close();
    throw error;
  }
  globalForSqlite.lintasSqlite = { file, connection };
  return connection;
}

/** A DateTime as Prisma's SQLite adapter writes it (ISO 8601, +00:00), so Prisma reads these rows back. */
export function sqliteTimestamp(date = new Date()): string {
  return date.toISOString().replace("Z", "+00:00");
}
