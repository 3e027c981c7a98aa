// Stored config: the network and the passthrough switches with their scopes, when and how they were last
// applied (and what the scopes' names resolved to then), and the pending config an apply is about to give the
// kernel. The only module that reads or writes them, on the raw SQLite connection (tables as
// prisma/schema.prisma defines them).
import {
  configSchema,
  DEFAULT_PASSTHROUGH,
  networkSchema,
  passthroughSchema,
  type LintasConfig,
  type Network,
  type Passthrough,
} from "../netfilter/config";
import { NO_NAMES, scopeNamesSchema, type ScopeNames } from "../netfilter/scope";
import { sqlite, sqliteTimestamp } from "./db/sqlite";

export type StoredConfig = { network?: Network; passthrough: Passthrough };
export type AppliedInfo = { backend: string; appliedAt: Date; names: ScopeNames };
/** A config about to be applied, with what its scopes' names resolved to. */
export type PendingApply = { config: LintasConfig; names: ScopeNames };

type NetworkRow = { lanInterfaces: string; wanInterface: string; masquerade: number; hostFirewall: string };
type PassthroughRow = {
  protocol: string;
  enabled: number;
  options: string;
  scope: string | null;
  expiresAt: string | null;
  expirySeconds: number | null;
  onSince: string | null;
};

export function loadConfig(): StoredConfig {
  const db = sqlite();
  // One read transaction: a commit landing between the two reads cannot mix two configs.
  const [networkRow, rows] = db.transaction(() => [
    db.prepare(`SELECT "lanInterfaces", "wanInterface", "masquerade", "hostFirewall" FROM "Network" WHERE "id" = 1`).get() as NetworkRow | undefined,
    db.prepare(`SELECT "protocol", "enabled", "options", "scope", "expiresAt", "expirySeconds", "onSince" FROM "Passthrough"`).all() as PassthroughRow[],
  ] as const)();
  const network = networkRow
    ? networkSchema.parse({
        lanInterfaces: JSON.parse(networkRow.lanInterfaces),
        wanInterface: networkRow.wanInterface,
        masquerade: networkRow.masquerade === 1,
        hostFirewall: networkRow.hostFirewall,
      })
    : undefined;
  const stored = Object.fromEntries(
    rows.map((row) => [
      row.protocol,
      {
        ...JSON.parse(row.options),
        ...(row.scope && { scope: JSON.parse(row.scope) }),
        ...(row.expiresAt && { expiry: { at: isoTime(row.expiresAt), seconds: row.expirySeconds } }),
        ...(row.onSince && { onSince: isoTime(row.onSince) }),
        enabled: row.enabled === 1,
      },
    ]),
  );
  const passthrough = passthroughSchema.parse({ ...DEFAULT_PASSTHROUGH, ...stored });
  return { network, passthrough };
}

export function loadApplied(): AppliedInfo | undefined {
  const row = sqlite().prepare(`SELECT "backend", "appliedAt", "names" FROM "AppliedState" WHERE "id" = 1`).get() as
    | { backend: string; appliedAt: string; names: string }
    | undefined;
  return row ? { backend: row.backend, appliedAt: new Date(row.appliedAt), names: scopeNamesSchema.parse(JSON.parse(row.names)) } : undefined;
}

/** When the kernel's rules were last replaced and whether an apply is under way, in one cheap query (the traffic sampler's, every 10 s). */
export function applyEpoch(): { appliedAt: number | undefined; pending: boolean } {
  const row = sqlite()
    .prepare(`SELECT (SELECT "appliedAt" FROM "AppliedState" WHERE "id" = 1) AS "appliedAt", EXISTS (SELECT 1 FROM "PendingConfig") AS "pending"`)
    .get() as { appliedAt: string | null; pending: number };
  return { appliedAt: row.appliedAt === null ? undefined : Date.parse(row.appliedAt), pending: row.pending === 1 };
}

/** Stores a config the kernel has just taken, and when and how it was applied, in one transaction. */
export function saveApplied(config: LintasConfig, backend: string, names: ScopeNames = NO_NAMES): void {
  sqlite().transaction(() => storeApplied({ config, names }, backend)).immediate();
}

/** Records the config an apply is about to give the kernel, replacing any earlier one. */
export function savePending(config: LintasConfig, names: ScopeNames = NO_NAMES): void {
  sqlite()
    .prepare(
      `INSERT INTO "PendingConfig" ("id", "config", "names", "createdAt") VALUES (1, ?, ?, ?)
       ON CONFLICT ("id") DO UPDATE SET "config" = excluded."config", "names" = excluded."names", "createdAt" = excluded."createdAt"`,
    )
    .run(JSON.stringify(config), JSON.stringify(names), sqliteTimestamp());
}

export function loadPending(): PendingApply | undefined {
  const row = sqlite().prepare(`SELECT "config", "names" FROM "PendingConfig" WHERE "id" = 1`).get() as { config: string; names: string } | undefined;
  return row ? { config: configSchema.parse(JSON.parse(row.config)), names: scopeNamesSchema.parse(JSON.parse(row.names)) } : undefined;
}

/** The kernel took the pending config: it becomes the stored, applied config, all in one transaction. */
export function commitPending(backend: string): void {
  sqlite()
    .transaction(() => {
      const pending = loadPending();
      if (!pending) throw new Error("no pending config to commit");
      storeApplied(pending, backend);
      discardPending();
    })
    .immediate();
}

/** The apply did not happen: the stored config stays what it was. */
export function discardPending(): void {
  sqlite().prepare(`DELETE FROM "PendingConfig"`).run();
}

function storeApplied({ config: { network, passthrough }, names }: PendingApply, backend: string): void {
  const db = sqlite();
  const now = sqliteTimestamp();
  db.prepare(
    `INSERT INTO "Network" ("id", "lanInterfaces", "wanInterface", "masquerade", "hostFirewall", "updatedAt") VALUES (1, ?, ?, ?, ?, ?)
     ON CONFLICT ("id") DO UPDATE SET "lanInterfaces" = excluded."lanInterfaces", "wanInterface" = excluded."wanInterface",
       "masquerade" = excluded."masquerade", "hostFirewall" = excluded."hostFirewall", "updatedAt" = excluded."updatedAt"`,
  ).run(JSON.stringify(network.lanInterfaces), network.wanInterface, network.masquerade ? 1 : 0, network.hostFirewall, now);
  const upsertSwitch = db.prepare(
    `INSERT INTO "Passthrough" ("protocol", "enabled", "options", "scope", "expiresAt", "expirySeconds", "onSince", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("protocol") DO UPDATE SET "enabled" = excluded."enabled", "options" = excluded."options", "scope" = excluded."scope",
       "expiresAt" = excluded."expiresAt", "expirySeconds" = excluded."expirySeconds", "onSince" = excluded."onSince", "updatedAt" = excluded."updatedAt"`,
  );
  for (const [protocol, { enabled, scope, expiry, onSince, ...options }] of Object.entries(passthrough)) {
    const times = [expiry ? sqliteTimestamp(new Date(expiry.at)) : null, expiry?.seconds ?? null, onSince ? sqliteTimestamp(new Date(onSince)) : null];
    upsertSwitch.run(protocol, enabled ? 1 : 0, JSON.stringify(options), scope ? JSON.stringify(scope) : null, ...times, now);
  }
  db.prepare(
    `INSERT INTO "AppliedState" ("id", "backend", "appliedAt", "names") VALUES (1, ?, ?, ?)
     ON CONFLICT ("id") DO UPDATE SET "backend" = excluded."backend", "appliedAt" = excluded."appliedAt", "names" = excluded."names"`,
  ).run(backend, now, JSON.stringify(names));
}

/** A DateTime column (Prisma's `+00:00` form) as the config's ISO 8601 UTC text. */
const isoTime = (stored: string) => new Date(stored).toISOString();
