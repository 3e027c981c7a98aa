// The traffic sampler of the long-running processes (`lintas serve`, `lintas watch`): every 10 s it reads each
// protocol's counters, stores what passed since the last reading, and rolls older rows up (store.ts), so the
// table stays bounded. The last reading is kept in SQLite, not in the process, and each reading is compared with
// it and stored in one write transaction: two samplers (serve and a `lintas watch` started by hand) count each
// byte once. The clock and the reader are injectable for tests.
import type Database from "better-sqlite3";
import type { TrafficCounts } from "../../netfilter";
import { loadBaseline, saveBaseline } from "./baseline";
import { trafficDeltas } from "./deltas";
import { addSamples, rollUp, type TrafficSampleRow } from "./store";
import { SAMPLE_MS } from "./tiers";

/** When the counters were last replaced (the last apply), and whether an apply is under way (a pending config). */
export type CounterEpoch = { appliedAt: number | undefined; pending: boolean };

/** A reading of the counters, and whether an apply keeps their values (nftables) or starts them at zero (iptables). */
export type TrafficReading = { counts: TrafficCounts; keptOverApplies: boolean };

export type TrafficReader = { epoch(): CounterEpoch; counts(): Promise<TrafficReading> };

export type TickResult = { stored: TrafficSampleRow[] } | { skipped: "first reading" | "apply under way" | "overlaps the stored reading" };

/** A stored reading older than this (the samplers were stopped) is no baseline: what passed while none ran has no time. */
export const BASELINE_STALE_MS = 3 * SAMPLE_MS;
/**
 * A stored reading this far after the current one was taken before the clock went back (a router without a
 * real-time clock corrected by NTP): no baseline either, or sampling would stop until the clock caught up.
 */
const CLOCK_BACK_MS = 60_000;

export type TrafficSamplerOptions = { db: () => Database.Database; reader: TrafficReader; now?: () => number };

export function trafficSampler({ db, reader, now = Date.now }: TrafficSamplerOptions) {
  /**
   * One reading. An apply that starts or ends while the counters are read may have replaced some of them and
   * not others: such a reading is dropped, and the next one, after the apply, counts from the new counters. A
   * reading that started before the stored one ended (another sampler's, at the same time) is dropped too: which
   * of the two saw more is unknown. Nothing is lost by dropping: the next reading counts from the stored one.
   */
  async function tick(): Promise<TickResult> {
    const before = reader.epoch();
    const startedAt = now();
    const { counts, keptOverApplies } = await reader.counts();
    const readAt = now();
    const after = reader.epoch();
    if (before.pending || after.pending || before.appliedAt !== after.appliedAt) return { skipped: "apply under way" };
    const connection = db();
    const result = connection
      .transaction((): TickResult => {
        const stored = loadBaseline(connection);
        const previous = stored && stored.readAt - readAt < CLOCK_BACK_MS ? stored : undefined;
        if (previous && previous.readAt >= startedAt) return { skipped: "overlaps the stored reading" };
        saveBaseline(connection, { appliedAt: after.appliedAt, readAt, counts });
        if (!previous || readAt - previous.readAt > BASELINE_STALE_MS) return { skipped: "first reading" };
        const deltas = trafficDeltas(previous.counts, counts, !keptOverApplies && previous.appliedAt !== after.appliedAt);
        const samples = Object.entries(deltas).map(([protocol, amount]) => ({ protocol, at: readAt, ...amount }) as TrafficSampleRow);
        addSamples(connection, samples);
        return { stored: samples };
      })
      .immediate();
    if ("stored" in result) rollUp(connection, readAt);
    return result;
  }
  return { tick };
}

export type RunningSampler = { stop(): void };

/** Ticks every 10 s until stopped; a failing reading is logged when its reason changes, not every 10 s. */
export function startTrafficSampler(options: TrafficSamplerOptions & { log: (line: string) => void }): RunningSampler {
  const sampler = trafficSampler(options);
  let lastError: string | undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // a reading slower than the interval is not stacked
    running = true;
    sampler
      .tick()
      .then(() => {
        if (lastError) options.log("traffic sampling works again");
        lastError = undefined;
      })
      .catch((error: Error) => {
        if (error.message !== lastError) options.log(`traffic sampling failed: ${error.message}`);
        lastError = error.message;
      })
      .finally(() => (running = false));
  }, SAMPLE_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
