// The audit log: every sign-in (ok or failed) and every change, with who, when, from where, before -> after.
// Written on the raw SQLite connection (a CLI apply loads no Prisma client); lib/audit-history.ts reads it.
import { userInfo } from "node:os";
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

/** The log keeps this many most recent events; older ones are pruned as new ones arrive. */
export const AUDIT_KEEP = 10_000;

export type AuditInput = { actor: Actor; action: string; ok: boolean; detail?: Record<string, unknown> };

export function audit({ actor, action, ok, detail = {} }: AuditInput): void {
  const db = sqlite();
  const { lastInsertRowid } = db
    .prepare(`INSERT INTO "AuditEvent" ("at", "actor", "address", "action", "ok", "detail") VALUES (?, ?, ?, ?, ?, ?)`)
    .run(sqliteTimestamp(), actor.name, actor.address ?? null, action, ok ? 1 : 0, JSON.stringify(detail));
  const id = Number(lastInsertRowid);
  if (id % 100 === 0) db.prepare(`DELETE FROM "AuditEvent" WHERE "id" <= ?`).run(id - AUDIT_KEEP);
}
