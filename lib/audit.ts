// The audit log: every sign-in (ok or failed) and every change, with who, when, from where, before -> after.
import { userInfo } from "node:os";
import { db } from "./db/client";

export type Actor = { name: string; address?: string };
/** Changes made from a shell: "cli (root)", or the sudo user behind it. */
export const CLI_ACTOR: Actor = { name: `cli (${process.env.SUDO_USER ?? safeUsername()})` };

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

export async function audit({ actor, action, ok, detail = {} }: AuditInput): Promise<void> {
  const event = await db().auditEvent.create({
    data: { actor: actor.name, address: actor.address ?? null, action, ok, detail: JSON.stringify(detail) },
  });
  if (event.id % 100 === 0) await db().auditEvent.deleteMany({ where: { id: { lte: event.id - AUDIT_KEEP } } });
}

export type AuditEntry = { id: number; at: Date; actor: string; address: string | null; action: string; ok: boolean; detail: Record<string, unknown> };

export async function recentAudit(limit = 200): Promise<AuditEntry[]> {
  const rows = await db().auditEvent.findMany({ orderBy: { id: "desc" }, take: limit });
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}
