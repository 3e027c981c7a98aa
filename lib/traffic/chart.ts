// What the traffic chart draws for a range: each protocol's bytes (both ways) per bucket, and per protocol the
// totals and the busiest bucket, the table a screen reader reads instead of the chart.
import { PROTOCOL_IDS, type ProtocolId } from "../../netfilter/protocols";
import { sqlite } from "../db/sqlite";
import { InputError } from "../errors";
import { message } from "../i18n";
import { trafficSeries } from "./store";
import { TRAFFIC_RANGES, type TrafficRange } from "./tiers";

export type TrafficChartPoint = { at: number } & Record<ProtocolId, number>;
export type TrafficTotals = { protocol: ProtocolId; bytesOut: number; bytesIn: number; packetsOut: number; packetsIn: number; busiest?: { at: number; bytes: number } };
export type TrafficChart = { range: TrafficRange; bucketMs: number; points: TrafficChartPoint[]; totals: TrafficTotals[] };

export function parseTrafficRange(value: string | null | undefined): TrafficRange {
  if (value == null) return "hour";
  if ((TRAFFIC_RANGES as readonly string[]).includes(value)) return value as TrafficRange;
  throw new InputError(message("error.trafficRange", { value, accepted: TRAFFIC_RANGES.join(", ") }), "range");
}

export function trafficChart(range: TrafficRange, now = Date.now()): TrafficChart {
  const series = trafficSeries(sqlite(), range, now, PROTOCOL_IDS);
  const totals = PROTOCOL_IDS.map((protocol): TrafficTotals => ({ protocol, bytesOut: 0, bytesIn: 0, packetsOut: 0, packetsIn: 0 }));
  const points = series.points.map((point) => {
    const drawn = { at: point.at } as TrafficChartPoint;
    totals.forEach((total) => {
      const amount = point[total.protocol]!;
      const bytes = amount.bytesOut + amount.bytesIn;
      drawn[total.protocol] = bytes;
      total.bytesOut += amount.bytesOut;
      total.bytesIn += amount.bytesIn;
      total.packetsOut += amount.packetsOut;
      total.packetsIn += amount.packetsIn;
      if (bytes > 0 && bytes > (total.busiest?.bytes ?? 0)) total.busiest = { at: point.at, bytes };
    });
    return drawn;
  });
  return { range, bucketMs: series.bucketMs, points, totals };
}
