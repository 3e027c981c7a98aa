// The watcher's figures: how long table inet lintas is gone after `nft flush ruleset` (and after a burst of 99
// transactions that ends by removing it), timed by a second `nft monitor` from the delete to the add it sees; the
// CPU the watcher costs idle (10 s, and 30 s holding one periodic check, from /proc/PID/stat) and per repair.
// Prints figures; asserts nothing.
// Run as root: node --import ./node_modules/tsx/dist/loader.mjs e2e/bench/watch.ts [rounds]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { follow, type Followed } from "../../netfilter/exec";
import { lintasIn, type WatchProcess } from "../../lab/testing/lintas-process";
import { createNetns } from "../../lab/testing/netns";

const rounds = Number(process.argv[2] ?? 10);
const TICK_MS = 1000 / 100; // USER_HZ
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU time (user + system) a process has used, with its ended children's (the nft it starts per look), in ms. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const [utime, stime, cutime, cstime] = stat.slice(stat.lastIndexOf(")") + 2).split(" ").slice(11, 15).map(Number);
  return (utime! + stime! + cutime! + cstime!) * TICK_MS;
}

const ns = createNetns("bench-watch", { lan: ["br-lan"], wan: "wan0" });
const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-bench-watch-"));
let watch: WatchProcess | undefined;
let observer: Followed | undefined;
try {
  const lintas = lintasIn(ns.name, dataDir);
  lintas.run("network", "set", "--lan", "br-lan", "--wan", "wan0", "--masquerade", "on");
  lintas.run("passthrough", "set", "pptp=on", "ipsec=on", "l2tp=on");
  watch = await lintas.startWatch();
  const pid = watch.child.pid!;
  const monitorPid = watch.children()[0]!.pid;

  // Our own view of the table's removals and returns, timed as the lines arrive.
  const seen: { at: number; line: string }[] = [];
  observer = follow(["nft", "monitor"], (line) => seen.push({ at: performance.now(), line }), ns.name);
  await sleep(15_000); // past the start's tail (lazy compilation, a first GC)

  const idleFor = async (ms: number) => {
    const before = { watcher: cpuMs(pid), monitor: cpuMs(monitorPid) };
    await sleep(ms);
    return { watcher: cpuMs(pid) - before.watcher, monitor: cpuMs(monitorPid) - before.monitor };
  };
  const idle = await idleFor(10_000);
  const withCheck = await idleFor(30_000); // holds exactly one periodic check (not more: checks are 30 s apart)

  async function gone(change: () => void): Promise<number> {
    seen.length = 0;
    change();
    for (let waited = 0; waited < 5000 && !seen.some((s) => s.line === "add table inet lintas"); waited += 10) await sleep(10);
    // The first removal, and the first add after it (our own apply then deletes and adds the table again).
    const removedAt = seen.findIndex((s) => s.line === "delete table inet lintas");
    const back = removedAt >= 0 ? seen.slice(removedAt).find((s) => s.line === "add table inet lintas") : undefined;
    if (!back) throw new Error(`table inet lintas not removed and back within 5 s; the watcher said:\n${watch!.log}`);
    const removed = seen[removedAt]!;
    // Past the watcher's look at its own apply's events, and spaced so that ten repairs never fall in 30 s
    // (that many would be a fight with another program, and the watcher would back off).
    await sleep(3100);
    return back.at - removed.at;
  }

  const cpuBefore = cpuMs(pid) + cpuMs(monitorPid);
  const flush: number[] = [];
  for (let i = 0; i < rounds; i++) flush.push(await gone(() => ns.sh("nft flush ruleset")));
  const cpuPerRepair = (cpuMs(pid) + cpuMs(monitorPid) - cpuBefore) / rounds;
  const burst: number[] = [];
  // 98 transactions on other tables, then one removing ours: the repair waits for the burst to go quiet.
  const lines = [...Array.from({ length: 49 }, (_, i) => `add table ip burst${i}\ndelete table ip burst${i}`), "delete table inet lintas"];
  for (let i = 0; i < rounds; i++) {
    burst.push(await gone(() => ns.sh(`printf '${lines.join("\\n")}\\n' | nft -i >/dev/null`)));
  }
  const repairs = lintas.audit("config.repair").length;

  const ms = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
  console.log(`lintas watch (${rounds} rounds each, namespace ${ns.name})`);
  console.log(`  table inet lintas gone after nft flush ruleset:        ${ms(flush)}`);
  console.log(`  gone after a burst of 99 transactions, ours the last: ${ms(burst)}`);
  console.log(`  repairs audited: ${repairs} (expected ${2 * rounds})`);
  console.log(`  CPU per repair (watcher + its nft monitor, its own events' look included): ${cpuPerRepair.toFixed(0)} ms`);
  console.log(`  idle CPU over 10 s: watcher ${idle.watcher.toFixed(0)} ms, nft monitor ${idle.monitor.toFixed(0)} ms` +
    ` (${((100 * (idle.watcher + idle.monitor)) / 10_000).toFixed(2)} % of one core; /proc/PID/stat ticks are 10 ms)`);
  console.log(`  CPU over 30 s holding one periodic check: watcher ${withCheck.watcher.toFixed(0)} ms, nft monitor ${withCheck.monitor.toFixed(0)} ms`);
} finally {
  await observer?.stop();
  await watch?.stop();
  ns.remove();
  rmSync(dataDir, { recursive: true, force: true });
}
