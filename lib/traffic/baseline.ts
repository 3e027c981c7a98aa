// The TrafficBaseline row: the last reading any sampler stored, in SQLite so that every sampler process counts
// from the same one. Read and written inside the sampler's one write transaction (sampler.ts).
import type Database from "better-sqlite3";
import { z } from "zod";
import type { TrafficCounts } from "../../netfilter";
import { PROTOCOL_IDS, type ProtocolId } from "../../netfilter/protocols";

export type TrafficBaseline = { appliedAt: number | undefined; readAt: number; counts: TrafficCounts };

const counter = z.object({ packets: z.number().nonnegative(), bytes: z.number().nonnegative() });
const countsSchema = z.partialRecord(z.enum(PROTOCOL_IDS as [ProtocolId, ...ProtocolId[]]), z.object({ lanToWan: counter, wanToLan: counter }));

export function loadBaseline(db: Database.Database): TrafficBaseline | undefined {
  const row = db.prepare(`SELECT "appliedAt", "readAt", "counts" FROM "TrafficBaseline" WHERE "id" = 1`).get() as
    | { appliedAt: number | null; readAt: number; counts: string }
    | undefined;
  if (!row) return undefined;
  // A row this version cannot read (written by another one) is no baseline: the next reading starts afresh.
  const counts = countsSchema.safeParse(parseJson(row.counts));
  return counts.success ? { appliedAt: row.appliedAt ?? undefined, readAt: row.readAt, counts: counts.data } : undefined;
}

export function saveBaseline(db: Database.Database, baseline: TrafficBaseline): void {
  db.prepare(
    `INSERT INTO "TrafficBaseline" ("id", "appliedAt", "readAt", "counts") VALUES (1, ?, ?, ?)
     ON CONFLICT ("id") DO UPDATE SET "appliedAt" = excluded."appliedAt", "readAt" = excluded."readAt", "counts" = excluded."counts"`,
  ).run(baseline.appliedAt ?? null, baseline.readAt, JSON.stringify(baseline.counts));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
