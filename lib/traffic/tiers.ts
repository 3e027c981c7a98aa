// How long traffic is kept at which resolution, and which resolution each chart range is drawn at. Each tier's
// interval divides the next one's, so rolling rows up and drawing them at a coarser bucket both add whole rows.
export type Tier = { resolutionS: number; keepMs: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * 10 s samples for the last hour, 1 min rows up to a day, 10 min rows up to 8 days. Rows move only as whole coarser
 * intervals, so a tier holds a little more than its age: 365 + 1,389 + 1,009 = 2,763 rows per protocol at most.
 */
export const TIERS: readonly Tier[] = [
  { resolutionS: 10, keepMs: HOUR },
  { resolutionS: 60, keepMs: DAY },
  { resolutionS: 600, keepMs: 8 * DAY },
];

/** The sampler's interval: the finest tier. */
export const SAMPLE_MS = TIERS[0]!.resolutionS * 1000;

export const TRAFFIC_RANGES = ["hour", "day", "week"] as const;
export type TrafficRange = (typeof TRAFFIC_RANGES)[number];

/** Each chart range: how far back it looks and how wide its buckets are (the resolution kept that far back). */
export const RANGE_SPANS: Record<TrafficRange, { spanMs: number; bucketMs: number }> = {
  hour: { spanMs: HOUR, bucketMs: 10_000 },
  day: { spanMs: DAY, bucketMs: MINUTE },
  week: { spanMs: 7 * DAY, bucketMs: 10 * MINUTE },
};
