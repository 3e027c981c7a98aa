// The traffic sampler (issue 12's chart): what one 10 s tick costs on a router with every protocol on (read the
// counters, store the deltas, roll up), against the bare tool it runs, on both backends; and how big the table is
// after a simulated 9 days of ticks (every protocol passing traffic all the time: the most rows it ever holds).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PROTOCOL_IDS, type TrafficCounts } from "../../netfilter";
import { cliNamespace, LINTAS } from "./cli-namespace";
import { detailRow, ratioRow, valueRow, type Row } from "./report";
import { interleave } from "./stats";

const DAY_TICKS = 8640;

export async function trafficRows(rounds: number): Promise<Row[]> {
  const { ns, agent, env, lintas, remove } = cliNamespace("traffic");
  const rows: Row[] = [];
  try {
    await lintas("network", "set", "--lan", "br-lan", "--wan", "wan0", "--masquerade", "on");
    await lintas("passthrough", "set", "pptp=on", "ipsec=on", "l2tp=on");
    process.env.LINTAS_DATA_DIR = env.LINTAS_DATA_DIR;
    const { sqlite } = await import("../../lib/db/sqlite");
    const { kernelTrafficReader } = await import("../../lib/traffic/kernel-reader");
    const { trafficSampler } = await import("../../lib/traffic/sampler");
    const timed = (fn: () => Promise<unknown>) => async () => {
      const start = performance.now();
      await fn();
      return performance.now() - start;
    };

    const nft = trafficSampler({ db: sqlite, reader: kernelTrafficReader({ runner: ns.runner, backend: "nftables" }) });
    await nft.tick();
    const nftTimes = await interleave(rounds, {
      tick: timed(() => nft.tick()),
      bare: timed(() => ns.runner.run(["nft", "-j", "list", "counters", "table", "inet", "lintas"])),
    });
    rows.push(ratioRow("traffic sampler tick, nftables (3 protocols on)", nftTimes.tick, "`nft -j list counters table inet lintas`", nftTimes.bare));

    await agent.run([LINTAS, "apply"], { ...env, LINTAS_BACKEND: "iptables" });
    const ipt = trafficSampler({ db: sqlite, reader: kernelTrafficReader({ runner: ns.runner, backend: "iptables" }) });
    await ipt.tick();
    const iptTimes = await interleave(rounds, {
      tick: timed(() => ipt.tick()),
      bare: timed(async () => Promise.all([ns.runner.run(["iptables-save", "-c", "-t", "filter"]), ns.runner.run(["ip6tables-save", "-c", "-t", "filter"])])),
    });
    rows.push(ratioRow("traffic sampler tick, iptables (3 protocols on)", iptTimes.tick, "`iptables-save -c` + `ip6tables-save -c`", iptTimes.bare));
  } finally {
    await remove();
  }
  rows.push(...(await simulatedWeek()));
  return rows;
}

/** 9 days of ticks against a scripted reader and clock: every protocol passes traffic both ways at every tick. */
async function simulatedWeek(): Promise<Row[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "lintas-bench-traffic-week-"));
  process.env.LINTAS_DATA_DIR = dir;
  try {
    const { sqlite } = await import("../../lib/db/sqlite");
    const { trafficSampler } = await import("../../lib/traffic/sampler");
    let now = Date.parse("2026-11-01T00:00:00Z");
    let total = 0;
    const counts = (): TrafficCounts => Object.fromEntries(PROTOCOL_IDS.map((p) => [p, { lanToWan: { packets: total, bytes: total * 100 }, wanToLan: { packets: total, bytes: total * 300 } }]));
    const sampler = trafficSampler({ db: sqlite, now: () => now, reader: { epoch: () => ({ appliedAt: 1, pending: false }), counts: async () => ({ counts: counts(), keptOverApplies: true }) } });
    const ticks: number[] = [];
    for (let i = 0; i < 9 * DAY_TICKS; i++) {
      now += 10_000;
      total += 7;
      const start = performance.now();
      await sampler.tick();
      ticks.push(performance.now() - start);
    }
    const db = sqlite();
    const rowCount = (db.prepare(`SELECT count(*) AS n FROM "TrafficSample"`).get() as { n: number }).n;
    db.pragma("wal_checkpoint(TRUNCATE)");
    const bytes = (db.pragma("page_count", { simple: true }) as number) * (db.pragma("page_size", { simple: true }) as number);
    // Per protocol at most: 10 s rows for an hour and the minute not yet whole (365), 1 min rows for the rest of the
    // day and the 10 minutes not yet whole (1,389), 10 min rows up to 8 days (1,009).
    const limit = PROTOCOL_IDS.length * (365 + 1389 + 1009);
    return [
      detailRow("traffic sampler tick with SQLite only (scripted reader, 3 protocols), over a simulated 9 days", ticks),
      valueRow(
        "TrafficSample after a simulated 9 days (3 protocols, traffic every 10 s)",
        `${rowCount.toLocaleString("en")} rows; database file ${(bytes / 1024).toFixed(0)} KiB`,
        rowCount,
        { max: limit, text: `≤ ${limit.toLocaleString("en")} rows (365 + 1,389 + 1,009 per protocol)` },
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
