// The audit log: every sign-in (ok or failed) and every change, with who, when, from where, before -> after.
import { db } from "./db/client";

export type Actor = { name: string; address?: string };
export const CLI_ACTOR: Actor = { name: "cli" };

export type AuditInput = { actor: Actor; action: string; ok: boolean; detail?: Record<string, unknown> };

export async function audit({ actor, action, ok, detail = {} }: AuditInput): Promise<void> {
  await db().auditEvent.create({
    data: { actor: actor.name, address: actor.address ?? null, action, ok, detail: JSON.stringify(detail) },
  });
}

export type AuditEntry = { id: number; at: Date; actor: string; address: string | null; action: string; ok: boolean; detail: Record<string, unknown> };

export async function recentAudit(limit = 200): Promise<AuditEntry[]> {
  const rows = await db().auditEvent.findMany({ orderBy: { id: "desc" }, take: limit });
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}
