// The traffic chart's data proven with real traffic through the lab router: IKE through an on protocol raises its
// counters both ways, the sampler (driven by hand here, on the router's kernel and the router Lintas's database)
// stores what passed, and an apply between two readings gives no negative and no huge sample (nftables keeps its
// counters over an apply, iptables starts them at zero). `lintas watch` in the router samples by itself every 10 s.
import { describe, expect, it } from "vitest";
import { CHECKS, probe } from "../../lab/probes";
import { commandRunner, type TrafficCounts } from "../../netfilter";
import { type TestLab, useTestLab } from "./support";

const ike = CHECKS.filter((c) => c.id === "ike");
const sent = (counts: TrafficCounts) => counts.ipsec?.lanToWan.bytes ?? 0;

/** The sampler's modules with the router Lintas's data dir as theirs (read at each use, not at import). */
async function samplerOn(t: TestLab, now: () => number) {
  process.env.LINTAS_DATA_DIR = t.lab.dataDir;
  const { sqlite } = await import("../../lib/db/sqlite");
  const { kernelTrafficReader } = await import("../../lib/traffic/kernel-reader");
  const { trafficSampler } = await import("../../lib/traffic/sampler");
  const reader = kernelTrafficReader({ runner: commandRunner(t.lab.router), backend: t.lab.backend });
  const stored = (protocol: string) =>
    sqlite().prepare(`SELECT coalesce(sum("bytesOut"), 0) AS "out", coalesce(sum("bytesIn"), 0) AS "in", count(*) AS "rows" FROM "TrafficSample" WHERE "protocol" = ?`).get(protocol) as { out: number; in: number; rows: number };
  return { reader, sampler: trafficSampler({ db: sqlite, reader, now }), stored };
}

describe.each([["nftables"], ["iptables"]] as const)("traffic counters and the sampler (%s backend)", (backend) => {
  let t: TestLab;
  useTestLab(backend === "nftables" ? "traffic" : "trafficipt", { backend }, (lab) => void (t = lab));

  it("IKE through IPsec raises its counters both ways; the sampler stores it; an apply in between gives no negative or huge sample", async () => {
    let clock = Date.parse("2026-11-27T10:00:00Z");
    const { reader, sampler, stored } = await samplerOn(t, () => (clock += 10_000));
    t.set("ipsec=on");
    expect(await sampler.tick()).toEqual({ skipped: "first reading" });

    const before = (await reader.counts()).counts;
    expect((await probe(t.lab, ike)).every((row) => row.passed)).toBe(true);
    const after = (await reader.counts()).counts;
    const probeBytes = sent(after) - sent(before);
    expect(probeBytes).toBeGreaterThan(0);
    expect(after.ipsec!.wanToLan.bytes).toBeGreaterThan(before.ipsec?.wanToLan.bytes ?? 0);
    await sampler.tick();
    expect(stored("ipsec")).toMatchObject({ out: probeBytes, rows: 1 });
    expect(stored("ipsec").in).toBeGreaterThan(0);

    // More traffic, so the old counters are far above what passes after the apply.
    for (let i = 0; i < 3; i++) await probe(t.lab, ike);
    await sampler.tick();
    const beforeApply = stored("ipsec").out;
    const counted = sent((await reader.counts()).counts);
    t.set("pptp=on");
    const reading = await reader.counts();
    expect(reading.keptOverApplies).toBe(backend === "nftables");
    expect(sent(reading.counts)).toBe(backend === "nftables" ? counted : 0);
    await probe(t.lab, ike);
    await sampler.tick();
    const afterApply = stored("ipsec").out - beforeApply;
    // What passed after the apply: one probe's traffic, give or take a retransmission; not minus the old total.
    expect(afterApply).toBeGreaterThan(0);
    expect(afterApply).toBeLessThanOrEqual(2 * probeBytes);
    await sampler.tick();
    expect(stored("ipsec").out - beforeApply).toBe(afterApply);
    t.set("pptp=off", "ipsec=off");
  });

  it("lintas watch in the router samples by itself every 10 s", async () => {
    const { stored } = await samplerOn(t, Date.now);
    t.set("ipsec=on");
    const watch = t.startLintas("watch");
    let log = "";
    watch.stderr!.on("data", (chunk) => (log += chunk));
    const { out: outBefore, rows: rowsBefore } = stored("ipsec");
    const deadline = Date.now() + 35_000;
    // Traffic until a sample with it is stored: the first tick (after 10 s) only takes the baseline.
    // One probe a second: enough traffic for every tick, and not the hundreds of back-to-back probes after which
    // a lab probe was once seen to hang.
    while (stored("ipsec").out === outBefore && Date.now() < deadline) {
      await probe(t.lab, ike);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(stored("ipsec").out, log).toBeGreaterThan(outBefore);
    expect(stored("ipsec").rows).toBeGreaterThan(rowsBefore);
    expect(log).not.toContain("traffic sampling failed");
    await t.killStarted();
  }, 60_000);
});
