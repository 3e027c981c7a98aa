// The audit log as the audit page lists it (written by lib/audit.ts), by kind and by who.
import type { Prisma } from "./generated/prisma/client";
import { db } from "./db/client";
import { NOISE_ACTIONS, SECURITY_FAMILIES, type AuditKind } from "./audit";

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

export type AuditQuery = { kind?: AuditKind; actor?: string; limit?: number };

export async function recentAudit(query: AuditQuery | number = {}): Promise<AuditEntry[]> {
  const { kind, actor, limit = 200 } = typeof query === "number" ? { limit: query } : query;
  const rows = await db().auditEvent.findMany({
    where: { ...(kind ? kindWhere(kind) : {}), ...(actor ? { actor } : {}) },
    orderBy: { id: "desc" },
    take: limit,
  });
  return rows.map((row) => ({ ...row, ...splitRepeated(JSON.parse(row.detail) as Record<string, unknown>) }));
}

/** Who appears in the log, the most recently active first. */
export async function auditActors(limit = 50): Promise<string[]> {
  const rows = await db().auditEvent.groupBy({ by: ["actor"], _max: { id: true }, orderBy: { _max: { id: "desc" } }, take: limit });
  return rows.map((row) => row.actor);
}

/** lib/audit.ts's auditKind as a query: noise by name, security by family, config is everything else. */
function kindWhere(kind: AuditKind): Prisma.AuditEventWhereInput {
  const security = { OR: SECURITY_FAMILIES.flatMap((family) => [{ action: family }, { action: { startsWith: `${family}.` } }]) };
  switch (kind) {
    case "noise":
      return { action: { in: [...NOISE_ACTIONS] } };
    case "security":
      return { ...security, action: { notIn: [...NOISE_ACTIONS] } };
    case "config":
      return { NOT: security };
  }
}

/** An aggregated row's count and last time, apart from what the event says. */
function splitRepeated(stored: Record<string, unknown>): { detail: Record<string, unknown>; repeated?: Repeated } {
  const { count, lastAt, ...detail } = stored;
  if (typeof count !== "number" || typeof lastAt !== "string") return { detail: stored };
  return { detail, repeated: { count, lastAt: new Date(lastAt) } };
}
