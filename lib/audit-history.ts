// The audit log as the audit page lists it (written by lib/audit.ts).
import { db } from "./db/client";

export type AuditEntry = { id: number; at: Date; actor: string; address: string | null; action: string; ok: boolean; detail: Record<string, unknown> };

export async function recentAudit(limit = 200): Promise<AuditEntry[]> {
  const rows = await db().auditEvent.findMany({ orderBy: { id: "desc" }, take: limit });
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}
