// Stored config: the network and the passthrough switches, and when and how they were last applied. The only
// module that reads or writes them, on the raw SQLite connection (tables as prisma/schema.prisma defines them).
import {
  DEFAULT_PASSTHROUGH,
  networkSchema,
  passthroughSchema,
  type LintasConfig,
  type Network,
  type Passthrough,
} from "../netfilter/config";
import { sqlite, sqliteTimestamp } from "./db/sqlite";

export type StoredConfig = { network?: Network; passthrough: Passthrough };
export type AppliedInfo = { backend: string; appliedAt: Date };

type NetworkRow = { lanInterfaces: string; wanInterface: string; masquerade: number };
type PassthroughRow = { protocol: string; enabled: number; options: string };

export function loadConfig(): StoredConfig {
  const db = sqlite();
  // One read transaction: a commit landing between the two reads cannot mix two configs.
  const [networkRow, rows] = db.transaction(() => [
    db.prepare(`SELECT "lanInterfaces", "wanInterface", "masquerade" FROM "Network" WHERE "id" = 1`).get() as NetworkRow | undefined,
    db.prepare(`SELECT "protocol", "enabled", "options" FROM "Passthrough"`).all() as PassthroughRow[],
  ] as const)();
  const network = networkRow
    ? networkSchema.parse({
        lanInterfaces: JSON.parse(networkRow.lanInterfaces),
        wanInterface: networkRow.wanInterface,
        masquerade: networkRow.masquerade === 1,
      })
    : undefined;
  const stored = Object.fromEntries(rows.map((row) => [row.protocol, { ...JSON.parse(row.options), enabled: row.enabled === 1 }]));
  const passthrough = passthroughSchema.parse({ ...DEFAULT_PASSTHROUGH, ...stored });
  return { network, passthrough };
}

export function loadApplied(): AppliedInfo | undefined {
  const row = sqlite().prepare(`SELECT "backend", "appliedAt" FROM "AppliedState" WHERE "id" = 1`).get() as
    | { backend: string; appliedAt: string }
    | undefined;
  return row ? { backend: row.backend, appliedAt: new Date(row.appliedAt) } : undefined;
}

/** Stores a config the kernel has just taken, and when and how it was applied, in one transaction. */
export function saveApplied(config: LintasConfig, backend: string): void {
  sqlite().transaction(() => storeApplied(config, backend)).immediate();
}

function storeApplied({ network, passthrough }: LintasConfig, backend: string): void {
  const db = sqlite();
  const now = sqliteTimestamp();
  db.prepare(
    `INSERT INTO "Network" ("id", "lanInterfaces", "wanInterface", "masquerade", "updatedAt") VALUES (1, ?, ?, ?, ?)
     ON CONFLICT ("id") DO UPDATE SET "lanInterfaces" = excluded."lanInterfaces", "wanInterface" = excluded."wanInterface",
       "masquerade" = excluded."masquerade", "updatedAt" = excluded."updatedAt"`,
  ).run(JSON.stringify(network.lanInterfaces), network.wanInterface, network.masquerade ? 1 : 0, now);
  const upsertSwitch = db.prepare(
    `INSERT INTO "Passthrough" ("protocol", "enabled", "options", "updatedAt") VALUES (?, ?, ?, ?)
     ON CONFLICT ("protocol") DO UPDATE SET "enabled" = excluded."enabled", "options" = excluded."options", "updatedAt" = excluded."updatedAt"`,
  );
  for (const [protocol, { enabled, ...options }] of Object.entries(passthrough)) {
    upsertSwitch.run(protocol, enabled ? 1 : 0, JSON.stringify(options), now);
  }
  db.prepare(
    `INSERT INTO "AppliedState" ("id", "backend", "appliedAt") VALUES (1, ?, ?)
     ON CONFLICT ("id") DO UPDATE SET "backend" = excluded."backend", "appliedAt" = excluded."appliedAt"`,
  ).run(backend, now);
}
