// The TrafficSample table on the raw SQLite connection: samples in, rolled up and pruned by age, read back as
// one bucketed series per protocol for a chart range.
import type Database from "better-sqlite3";
import type { ProtocolId } from "../../netfilter/protocols";
import { RANGE_SPANS, TIERS, type TrafficRange } from "./tiers";

/** What one protocol passed over one interval. */
export type TrafficAmount = { bytesOut: number; packetsOut: number; bytesIn: number; packetsIn: number };
export type TrafficSampleRow = TrafficAmount & { protocol: ProtocolId; at: number };

const AMOUNTS = ["bytesOut", "packetsOut", "bytesIn", "packetsIn"] as const;
// The start of the bucket a row falls in: `%` works in integers whatever type the bound width arrives as.
const BUCKET = `"at" - "at" % ?`;
const ADD_EXISTING = AMOUNTS.map((c) => `"${c}" = "${c}" + excluded."${c}"`).join(", ");

/** Adds samples at the finest resolution; a second sample in the same interval adds to it. */
export function addSamples(db: Database.Database, rows: readonly TrafficSampleRow[]): void {
  const insert = db.prepare(
    `INSERT INTO "TrafficSample" ("resolution", "protocol", "at", ${AMOUNTS.map((c) => `"${c}"`).join(", ")}) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("resolution", "protocol", "at") DO UPDATE SET ${ADD_EXISTING}`,
  );
  const resolutionS = TIERS[0]!.resolutionS;
  db.transaction(() => {
    for (const row of rows) insert.run(resolutionS, row.protocol, floorTo(row.at, resolutionS * 1000), row.bytesOut, row.packetsOut, row.bytesIn, row.packetsIn);
  })();
}

/**
 * Rows older than their tier keeps them move into the next tier's coarser rows (whole coarse intervals only, so
 * a coarse row is never split), and the last tier's are deleted. One transaction: a reader sees each byte once.
 */
export function rollUp(db: Database.Database, now: number): void {
  db.transaction(() => {
    TIERS.forEach((tier, i) => {
      const next = TIERS[i + 1];
      if (!next) {
        db.prepare(`DELETE FROM "TrafficSample" WHERE "resolution" = ? AND "at" < ?`).run(tier.resolutionS, now - tier.keepMs);
        return;
      }
      const nextMs = next.resolutionS * 1000;
      const before = floorTo(now - tier.keepMs, nextMs);
      db.prepare(
        `INSERT INTO "TrafficSample" ("resolution", "protocol", "at", ${AMOUNTS.map((c) => `"${c}"`).join(", ")})
         SELECT ?, "protocol", ${BUCKET}, ${AMOUNTS.map((c) => `sum("${c}")`).join(", ")}
         FROM "TrafficSample" WHERE "resolution" = ? AND "at" < ? GROUP BY "protocol", 3
         ON CONFLICT ("resolution", "protocol", "at") DO UPDATE SET ${ADD_EXISTING}`,
      ).run(next.resolutionS, nextMs, tier.resolutionS, before);
      db.prepare(`DELETE FROM "TrafficSample" WHERE "resolution" = ? AND "at" < ?`).run(tier.resolutionS, before);
    });
  }).immediate();
}

/** One protocol's traffic in a range: a point per bucket from the oldest to the current one, empty buckets zero. */
export type TrafficSeries = { range: TrafficRange; bucketMs: number; from: number; points: ({ at: number } & Partial<Record<ProtocolId, TrafficAmount>>)[] };

export function trafficSeries(db: Database.Database, range: TrafficRange, now: number, protocols: readonly ProtocolId[]): TrafficSeries {
  const { spanMs, bucketMs } = RANGE_SPANS[range];
  const last = floorTo(now, bucketMs);
  const from = last - spanMs + bucketMs;
  const rows = db
    .prepare(
      `SELECT "protocol", ${BUCKET} AS "bucket", ${AMOUNTS.map((c) => `sum("${c}") AS "${c}"`).join(", ")}
       FROM "TrafficSample" WHERE "at" >= ? GROUP BY "protocol", "bucket"`,
    )
    .all(bucketMs, from) as ({ protocol: ProtocolId; bucket: number } & TrafficAmount)[];
  const points = new Map<number, { at: number } & Partial<Record<ProtocolId, TrafficAmount>>>();
  for (let at = from; at <= last; at += bucketMs) points.set(at, { at, ...Object.fromEntries(protocols.map((p) => [p, zero()])) });
  for (const { protocol, bucket, ...amount } of rows) {
    const point = points.get(bucket);
    if (point && protocols.includes(protocol)) point[protocol] = amount;
  }
  return { range, bucketMs, from, points: [...points.values()] };
}

const zero = (): TrafficAmount => ({ bytesOut: 0, packetsOut: 0, bytesIn: 0, packetsIn: 0 });
const floorTo = (at: number, stepMs: number) => Math.floor(at / stepMs) * stepMs;
