import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

try {
  process.loadEnvFile();
} catch {
  // no .env: the defaults below apply
}

const dataDir = process.env.LINTAS_DATA_DIR ?? path.join(import.meta.dirname, "data");

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaBetterSQLite3({ url: `file:${path.join(dataDir, "lintas.db")}` }),
});
