// The audit log as the audit page lists it (written by lib/audit.ts).
import { db } from "./db/client";

/** An aggregated row (lib/audit.ts): how many times it happened, and when last. */
export type Repeated = { count: number; lastAt: Date };

export type AuditEntry = {
  id: number;
  at: Date;
  actor: string;
  address: string | null;
  action: string;
  ok: boolean;
  detail: Record<string, unknown>;
  repeated?: Repeated;
};

export async function recentAudit(limit = 200): Promise<AuditEntry[]> {
  const rows = await db().auditEvent.findMany({ orderBy: { id: "desc" }, take: limit });
  return rows.map((row) => ({ ...row, ...splitRepeated(JSON.parse(row.detail) as Record<string, unknown>) }));
}

/** An aggregated row's count and last time, apart from what the event says. */
function splitRepeated(stored: Record<string, unknown>): { detail: Record<string, unknown>; repeated?: Repeated } {
  const { count, lastAt, ...detail } = stored;
  if (typeof count !== "number" || typeof lastAt !== "string") return { detail: stored };
  return { detail, repeated: { count, lastAt: new Date(lastAt) } };
}
