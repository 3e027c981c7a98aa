// The sampler against real SQLite in a temp data dir, with a scripted reader and clock: deltas across applies and
// resets, the rollup into coarser rows, retention, and the series a chart range reads.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { TrafficCounts } from "../../netfilter";

const parent = mkdtempSync(path.join(tmpdir(), "lintas-traffic-"));
process.env.LINTAS_DATA_DIR = path.join(parent, "data");
process.env.LINTAS_ROOT = path.join(import.meta.dirname, "..", "..");
const { sqlite } = await import("../db/sqlite");
const { BASELINE_STALE_MS, trafficSampler } = await import("./sampler");
const { addSamples, rollUp, trafficSeries } = await import("./store");
afterAll(() => rmSync(parent, { recursive: true, force: true }));

const T0 = Date.parse("2026-11-27T10:00:00Z");
const rows = (resolution?: number) =>
  (sqlite().prepare(`SELECT count(*) AS n FROM "TrafficSample"${resolution ? ` WHERE "resolution" = ${resolution}` : ""}`).get() as { n: number }).n;
const total = (column: string, protocol = "pptp") =>
  (sqlite().prepare(`SELECT coalesce(sum("${column}"), 0) AS n FROM "TrafficSample" WHERE "protocol" = ?`).get(protocol) as { n: number }).n;
const pptp = (bytesOut: number, bytesIn = 0): TrafficCounts => ({
  pptp: { lanToWan: { packets: bytesOut / 100, bytes: bytesOut }, wanToLan: { packets: bytesIn / 100, bytes: bytesIn } },
});

type ScriptState = {
  counts: TrafficCounts;
  appliedAt: number | undefined;
  pending: boolean;
  applyDuringRead: boolean;
  now: number;
  duringRead?: () => Promise<void>;
  keptOverApplies?: boolean;
};

/**
 * A reader that gives the readings and epochs a test scripts, and a clock that moves 10 s per tick. Samplers made
 * from the same state read the same kernel at the same time, as two processes on one router do.
 */
function scripted(state: ScriptState = { counts: {}, appliedAt: 1, pending: false, applyDuringRead: false, now: T0 }) {
  const sampler = trafficSampler({
    db: sqlite,
    now: () => state.now,
    reader: {
      epoch: () => ({ appliedAt: state.appliedAt, pending: state.pending }),
      counts: async () => {
        if (state.applyDuringRead) state.appliedAt! += 1;
        const counts = state.counts;
        await state.duringRead?.();
        return { counts, keptOverApplies: state.keptOverApplies ?? false };
      },
    },
  });
  const tick = async (counts: TrafficCounts) => {
    state.counts = counts;
    state.now += 10_000;
    return sampler.tick();
  };
  return { state, tick };
}

beforeEach(() => {
  sqlite().exec(`DELETE FROM "TrafficSample"; DELETE FROM "TrafficBaseline"`);
});

describe("deltas", () => {
  it("stores nothing at the first reading, then what passed between readings, per direction", async () => {
    const { tick } = scripted();
    expect(await tick(pptp(1000, 500))).toEqual({ skipped: "first reading" });
    const second = await tick(pptp(1500, 800));
    expect(second).toMatchObject({ stored: [{ protocol: "pptp", bytesOut: 500, packetsOut: 5, bytesIn: 300, packetsIn: 3 }] });
    expect([total("bytesOut"), total("bytesIn")]).toEqual([500, 300]);
  });

  it("after an apply (new counters at zero) counts the whole new reading: never negative, never the old total again", async () => {
    const { state, tick } = scripted();
    await tick(pptp(900_000));
    await tick(pptp(1_000_000));
    state.appliedAt = 2;
    await tick(pptp(4000)); // the new counters, bigger than nothing but far below the old ones
    state.appliedAt = 3;
    await tick(pptp(2_000_000)); // and a counter that grew past the old value after another apply
    expect(total("bytesOut")).toBe(100_000 + 4000 + 2_000_000);
  });

  it("with counters an apply keeps (nftables), an apply changes nothing: what passed across it is counted once", async () => {
    const { state, tick } = scripted({ counts: {}, appliedAt: 1, pending: false, applyDuringRead: false, now: T0, keptOverApplies: true });
    await tick(pptp(900_000));
    state.appliedAt = 2;
    await tick(pptp(1_000_000));
    state.appliedAt = 3;
    await tick(pptp(1_000_500));
    expect(total("bytesOut")).toBe(100_500);
  });

  it("a counter that went down without an apply (the table reloaded by hand) counts from zero", async () => {
    const { tick } = scripted();
    await tick(pptp(5000));
    await tick(pptp(1200));
    expect(total("bytesOut")).toBe(1200);
  });

  it("drops a reading taken while an apply is under way, and counts from the new counters after it", async () => {
    const { state, tick } = scripted();
    await tick(pptp(1000));
    state.pending = true;
    expect(await tick(pptp(50))).toEqual({ skipped: "apply under way" });
    state.pending = false;
    state.applyDuringRead = true;
    expect(await tick(pptp(70))).toEqual({ skipped: "apply under way" });
    state.applyDuringRead = false;
    await tick(pptp(300));
    expect(total("bytesOut")).toBe(300);
  });

  it("a protocol turned on (its counters new) counts from zero; one turned off stops", async () => {
    const { tick } = scripted();
    await tick(pptp(100));
    await tick({ ...pptp(200), l2tp: { lanToWan: { packets: 1, bytes: 64 }, wanToLan: { packets: 0, bytes: 0 } } });
    await tick({ l2tp: { lanToWan: { packets: 2, bytes: 128 }, wanToLan: { packets: 0, bytes: 0 } } });
    expect([total("bytesOut", "pptp"), total("bytesOut", "l2tp")]).toEqual([100, 128]);
  });
});

describe("two samplers (serve, and a watch started by hand)", () => {
  it("taking turns, they store each byte once: the last reading is shared through the database", async () => {
    const a = scripted();
    const b = scripted(a.state);
    await a.tick(pptp(1000, 100));
    await b.tick(pptp(1500, 300));
    await a.tick(pptp(2500, 400));
    await b.tick(pptp(2600, 900));
    expect([total("bytesOut"), total("bytesIn")]).toEqual([1600, 800]);
  });

  it("a reading that overlaps one the other sampler stored is dropped, and the next one counts what it saw", async () => {
    const a = scripted();
    const b = scripted(a.state);
    await a.tick(pptp(1000));
    // a reads 1,200; while its read is under way, b reads 1,300 and stores it.
    a.state.duringRead = async () => {
      a.state.duringRead = undefined;
      await b.tick(pptp(1300));
    };
    expect(await a.tick(pptp(1200))).toEqual({ skipped: "overlaps the stored reading" });
    await b.tick(pptp(1800));
    expect(total("bytesOut")).toBe(800);
  });

  it("a stored reading older than three intervals (no sampler ran) is no baseline: the time between has no samples", async () => {
    const { state, tick } = scripted();
    await tick(pptp(1000));
    state.now += BASELINE_STALE_MS;
    expect(await tick(pptp(90_000))).toEqual({ skipped: "first reading" });
    await tick(pptp(90_500));
    expect(total("bytesOut")).toBe(500);
  });

  it("a stored reading from before the clock went back (NTP after a boot) is no baseline: sampling goes on", async () => {
    const { state, tick } = scripted();
    await tick(pptp(1000));
    state.now -= 3600_000;
    expect(await tick(pptp(1500))).toEqual({ skipped: "first reading" });
    await tick(pptp(1700));
    expect(total("bytesOut")).toBe(200);
  });
});

describe("rollup and retention", () => {
  const sample = (at: number, bytesOut = 100) => ({ protocol: "pptp" as const, at, bytesOut, packetsOut: 1, bytesIn: 0, packetsIn: 0 });

  it("moves 10 s samples older than an hour into whole 1 min rows, keeping every byte", () => {
    // 2 hours of 10 s samples, then roll up at the end.
    const end = T0 + 2 * 3600_000;
    addSamples(sqlite(), Array.from({ length: 720 }, (_, i) => sample(T0 + i * 10_000)));
    rollUp(sqlite(), end);
    expect(rows(10)).toBe(360);
    expect(rows(60)).toBe(60);
    expect(total("bytesOut")).toBe(720 * 100);
    // Rolling up again moves nothing twice.
    rollUp(sqlite(), end);
    expect([rows(10), rows(60), total("bytesOut")]).toEqual([360, 60, 720 * 100]);
  });

  it("keeps a simulated 9 days bounded: 10 s rows for an hour, 1 min rows up to a day, 10 min rows up to 8 days", () => {
    // An hour of 10 s samples at a time, rolled up as the sampler does after each (rolling up per tick or per hour
    // leaves the same rows: only whole intervals older than a tier's age move).
    for (let hour = 0; hour < 9 * 24; hour++) {
      const start = T0 + hour * 3600_000;
      addSamples(sqlite(), Array.from({ length: 360 }, (_, i) => sample(start + i * 10_000)));
      rollUp(sqlite(), start + 3600_000);
    }
    expect(rows(10)).toBe(360);
    expect(rows(60)).toBe(23 * 60);
    // 10 min rows hold what is older than a day and younger than 8 days: the oldest day is gone.
    expect(rows(600)).toBe(7 * 144);
    expect(rows()).toBe(360 + 23 * 60 + 7 * 144);
    expect(total("bytesOut")).toBe(8 * (86_400 / 10) * 100);
  });

  it("draws each range in its buckets from whatever resolution is kept, empty buckets as zero", () => {
    const now = T0 + 3 * 86_400_000 + 5_000;
    addSamples(sqlite(), [sample(now - 5_000, 10), sample(now - 15_000, 20)]);
    sqlite().prepare(`INSERT INTO "TrafficSample" VALUES (60, 'pptp', ?, 600, 6, 0, 0), (600, 'pptp', ?, 6000, 60, 0, 0)`).run(now - 2 * 3600_000 - ((now - 2 * 3600_000) % 60_000), now - 2 * 86_400_000 - ((now - 2 * 86_400_000) % 600_000));
    const hour = trafficSeries(sqlite(), "hour", now, ["pptp", "ipsec"]);
    expect(hour.points).toHaveLength(360);
    expect(hour.points.at(-1)).toMatchObject({ pptp: { bytesOut: 10 }, ipsec: { bytesOut: 0 } });
    expect(hour.points.at(-2)).toMatchObject({ pptp: { bytesOut: 20 } });
    const day = trafficSeries(sqlite(), "day", now, ["pptp"]);
    expect(day.points).toHaveLength(1440);
    expect(day.points.reduce((sum, p) => sum + p.pptp!.bytesOut, 0)).toBe(630);
    const week = trafficSeries(sqlite(), "week", now, ["pptp"]);
    expect(week.points).toHaveLength(1008);
    expect(week.points.reduce((sum, p) => sum + p.pptp!.bytesOut, 0)).toBe(6630);
  });
});
