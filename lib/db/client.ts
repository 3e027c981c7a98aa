// The one Prisma client, opened on first use: the data dir and the schema are created then.
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { appRoot, dataDir } from "../paths";
import { migrate } from "./migrate";

const globalForDb = globalThis as unknown as { lintasDb?: { file: string; client: PrismaClient } };

function databaseFile(): string {
  return path.join(dataDir(), "lintas.db");
}

export function db(): PrismaClient {
  const file = databaseFile();
  if (globalForDb.lintasDb?.file === file) return globalForDb.lintasDb.client;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const raw = new Database(file);
  try {
    raw.pragma("journal_mode = WAL");
    migrate(raw, path.join(appRoot(), "prisma", "migrations"));
  } finally {
    raw.close();
  }
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }) });
  globalForDb.lintasDb = { file, client };
  return client;
}
