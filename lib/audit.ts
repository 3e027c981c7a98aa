// The audit log: every sign-in (ok or failed) and every change, with who, when, from where, before -> after.
// Written on the raw SQLite connection (a CLI apply loads no Prisma client); lib/audit-history.ts reads it.
// Retention by kind: what anyone on the LAN can cause at will (failed and throttled sign-ins) is capped by
// count, so a flood of it pushes out only its own kind; everything else is kept a year.
import { userInfo } from "node:os";
import type Database from "better-sqlite3";
import { sqlite, sqliteTimestamp } from "./db/sqlite";

export type Actor = { name: string; address?: string };
/**
 * Changes made from a shell: "cli (root)", or the sudo user behind it. LINTAS_CLI_USER: root's command re-run as
 * the service user (cli/as-data-owner.ts) still names root. Read at each call, not when the module loads: the CLI's
 * startup snapshot evaluates this module at build time.
 */
export const cliActor = (): Actor => ({ name: `cli (${process.env.SUDO_USER ?? process.env.LINTAS_CLI_USER ?? safeUsername()})` });

function safeUsername(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? "?"}`;
  }
}

/**
 * security: who got in, who was locked out, accounts, second factors, sessions. config: changes to the router
 * (config.*, rules removed, traces). noise: failed guesses, which an attacker makes as fast as they like.
 */
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const AUDIT_KINDS = ["security", "config", "noise"] as const;

export const NOISE_ACTIONS = ["login.failed", "login.throttled", "setup.failed"] as const;
/** Noise that repeats with nothing new to say: one row per actor, address and window, with a count. */
const AGGREGATED_ACTIONS: ReadonlySet<string> = new Set(["login.throttled"]);
/** The families (the part of an action's name before the dot) of security events. */
export const SECURITY_FAMILIES = ["login", "logout", "admin", "totp", "session", "setup"] as const;

/** The kind of an action. One that is not listed is kept by age: a new action is never lost to a flood. */
export function auditKind(action: string): AuditKind {
  if ((NOISE_ACTIONS as readonly string[]).includes(action)) return "noise";
  return (SECURITY_FAMILIES as readonly string[]).includes(action.split(".")[0]!) ? "security" : "config";
}

/** Each noise action keeps this many most recent rows. */
export const NOISE_KEEP = 10_000;
/** Security and config events are kept this long (noise too, if it is not pushed out sooner). */
export const AUDIT_KEEP_DAYS = 365;
/** Repeats of an aggregated action within this time of its row's first one update that row. */
export const AGGREGATE_WINDOW_MS = 60_000;
/** Retention runs after every this many inserted rows (ids are never reused), not on every write. */
const PRUNE_EVERY = 100;

export type AuditInput = { actor: Actor; action: string; ok: boolean; detail?: Record<string, unknown> };

/** Synchronous and one statement in the common case: it runs on the CLI's and the login's hot path. */
export function audit({ actor, action, ok, detail = {} }: AuditInput): void {
  const now = new Date();
  const at = sqliteTimestamp(now);
  const sql = statements(sqlite());
  const address = actor.address ?? null;
  if (AGGREGATED_ACTIONS.has(action)) {
    const since = sqliteTimestamp(new Date(now.getTime() - AGGREGATE_WINDOW_MS));
    if (sql.repeat.run(at, since, action, actor.name, address, ok ? 1 : 0).changes > 0) return;
    detail = { ...detail, count: 1, lastAt: at };
  }
  const { lastInsertRowid } = sql.insert.run(at, actor.name, address, action, ok ? 1 : 0, JSON.stringify(detail));
  if (Number(lastInsertRowid) % PRUNE_EVERY === 0) prune(sql, now);
}

function prune(sql: Statements, now: Date): void {
  sql.pruneByAge.run(sqliteTimestamp(new Date(now.getTime() - AUDIT_KEEP_DAYS * 86_400_000)));
  for (const action of NOISE_ACTIONS) sql.pruneNoise.run(action, action, NOISE_KEEP);
}

type Statements = Record<"insert" | "repeat" | "pruneByAge" | "pruneNoise", Database.Statement>;
const prepared = new WeakMap<Database.Database, Statements>();

/** Prepared once per connection: preparing costs more than running these. */
function statements(db: Database.Database): Statements {
  let found = prepared.get(db);
  if (!found) {
    found = {
      insert: db.prepare(`INSERT INTO "AuditEvent" ("at", "actor", "address", "action", "ok", "detail") VALUES (?, ?, ?, ?, ?, ?)`),
      // One statement, so two processes cannot both count the same repeat; the window runs from the row's first.
      repeat: db.prepare(
        `UPDATE "AuditEvent" SET "detail" = json_set("detail", '$.count', coalesce(json_extract("detail", '$.count'), 1) + 1, '$.lastAt', ?)
         WHERE "id" = (SELECT "id" FROM "AuditEvent" WHERE "at" >= ? AND "action" = ? AND "actor" = ? AND "address" IS ? AND "ok" = ?
                       ORDER BY "id" DESC LIMIT 1)`,
      ),
      pruneByAge: db.prepare(`DELETE FROM "AuditEvent" WHERE "at" < ?`),
      // Walks the action's index from the newest row: cheap however many rows of other kinds the log holds.
      pruneNoise: db.prepare(
        `DELETE FROM "AuditEvent" WHERE "action" = ? AND "id" <= (SELECT "id" FROM "AuditEvent" WHERE "action" = ? ORDER BY "id" DESC LIMIT 1 OFFSET ?)`,
      ),
    };
    prepared.set(db, found);
  }
  return found;
}
