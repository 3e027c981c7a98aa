// The one Prisma client (auth, sessions, preferences, the audit history), opened on first use after the raw
// connection has created the data dir and brought the schema up to date.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { databaseFile, sqlite } from "./sqlite";

const globalForDb = globalThis as unknown as { lintasDb?: { file: string; client: PrismaClient } };

export function db(): PrismaClient {
  const file = databaseFile();
  if (globalForDb.lintasDb?.file === file) return globalForDb.lintasDb.client;
  sqlite();
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }) });
  globalForDb.lintasDb = { file, client };
  return client;
}
