// The conntrack script kept by a long-running panel, against the real kernel inside throwaway namespaces: the
// same answers as the one-shot script, concurrent queries apart, started again after it dies, a query it does
// not answer in time run one-shot, and no program left behind by a panel that dies. Root only.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fillConntrack, VPN_COUNTS } from "../lab/testing/fill-conntrack";
import { createNetns, requireRoot, type TestNetns } from "../lab/testing/netns";
import { cutFlows } from "./conntrack";
import { conntrackList, conntrackTally, type ConntrackFilter } from "./ctnetlink";
import { keepConntrackQueries, keptProgramPid, stopKeepingConntrackQueries } from "./ctnetlink-keeper";
import { flowQueries, listVpnFlows, openFlowCounts, sampleVpnFlows } from "./flows";
import { PROTOCOLS, protocolSpec } from "./protocols";

requireRoot();

const root = path.join(import.meta.dirname, "..");
const FILTERS = flowQueries().map((q) => q.filter);
const PPTP_CONTROL: ConntrackFilter = { proto: 6, port: 1723 };
const MANY = 3_000;

/** The answers of both ways of asking, the kept script's first. */
async function bothWays<T>(ns: TestNetns, ask: () => Promise<T>): Promise<[T, T]> {
  keepConntrackQueries();
  const kept = await ask();
  expect(keptProgramPid(ns.runner)).toEqual(expect.any(Number));
  stopKeepingConntrackQueries();
  return [kept, await ask()];
}

const withoutTimeouts = <T extends { timeout: number }>(flows: T[]) => flows.map(({ timeout: _timeout, ...flow }) => flow);
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};
async function untilGone(pid: number, ms = 3_000) {
  for (const until = Date.now() + ms; alive(pid) && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 20));
  return !alive(pid);
}

describe("a kept conntrack script", () => {
  let ns: TestNetns;
  beforeAll(() => {
    ns = createNetns("keeper");
    fillConntrack(ns.name, { unrelated: 1_000 });
    // MANY more PPTP control connections: a listing long enough to come in many blocks.
    const lines = Array.from({ length: MANY }, (_, i) => `-I -p tcp -s 10.9.${i >> 8}.${i & 255} -d 203.0.113.9 --sport 40000 --dport 1723 --state ESTABLISHED -t 3600\n`);
    const file = path.join(tmpdir(), `${ns.name}.entries`);
    writeFileSync(file, lines.join(""));
    try {
      ns.sh(`conntrack -R ${file}`);
    } finally {
      rmSync(file);
    }
  });
  afterEach(() => stopKeepingConntrackQueries());
  afterAll(() => ns?.remove());

  it("lists and counts what the one-shot script lists and counts", async () => {
    const [kept, oneShot] = await bothWays(ns, () => listVpnFlows(ns.runner));
    expect(kept.total).toBe(MANY + 11);
    expect(withoutTimeouts(kept.flows)).toEqual(withoutTimeouts(oneShot.flows));
    const [keptCounts, counts] = await bothWays(ns, () => openFlowCounts(ns.runner));
    expect(keptCounts).toEqual(counts);
    const [keptSample, sample] = await bothWays(ns, () => sampleVpnFlows(ns.runner, [protocolSpec("ipsec"), protocolSpec("pptp")], 1));
    expect([withoutTimeouts(keptSample.flows), keptSample.truncated]).toEqual([withoutTimeouts(sample.flows), sample.truncated]);
    for (const strategy of ["filter", "walk"] as const) {
      const [keptTally, tally] = await bothWays(ns, () => conntrackTally(ns.runner, "count", FILTERS, strategy));
      expect(keptTally).toEqual(tally);
    }
  });

  it("deletes what it is asked to, counts it, and answers a cut told later", async () => {
    keepConntrackQueries();
    expect(await cutFlows(ns.runner, [protocolSpec("l2tp")])).toBe(VPN_COUNTS.l2tp);
    expect(await conntrackTally(ns.runner, "delete", Promise.resolve([]))).toEqual([]);
    expect(await conntrackTally(ns.runner, "delete", new Promise<ConntrackFilter[]>((resolve) => setTimeout(() => resolve(flowQueries([protocolSpec("l2tp")]).map((q) => q.filter)), 50)))).toEqual([0]);
    stopKeepingConntrackQueries();
    expect((await openFlowCounts(ns.runner)).l2tp).toBe(0);
  });

  it("answers concurrent queries each with its own answer, a long listing holding up none", async () => {
    const asks = () => [
      conntrackList(ns.runner, [PPTP_CONTROL]).then((found) => found[0]!.length),
      ...PROTOCOLS.map((spec) => conntrackTally(ns.runner, "count", flowQueries([spec]).map((q) => q.filter), "filter")),
      conntrackList(ns.runner, FILTERS, "walk", 2).then((found) => found.map((entries) => entries.length)),
      conntrackTally(ns.runner, "count", [{ proto: 255 }]),
    ];
    const oneShot = await Promise.all(asks());
    keepConntrackQueries();
    const pid = (await openFlowCounts(ns.runner), keptProgramPid(ns.runner));
    expect(await Promise.all(asks())).toEqual(oneShot);
    expect(oneShot[0]).toBe(MANY + 2);
    expect(keptProgramPid(ns.runner)).toBe(pid); // one program answered them all
  });

  it("is started again after a kill -9, and a query it lost is answered one-shot", async () => {
    keepConntrackQueries();
    const counts = await openFlowCounts(ns.runner);
    const first = keptProgramPid(ns.runner)!;
    const listing = conntrackList(ns.runner, [PPTP_CONTROL], "walk");
    process.kill(first, "SIGKILL");
    expect((await listing)[0]!.length).toBe(MANY + 2);
    expect(await untilGone(first)).toBe(true);
    expect(await openFlowCounts(ns.runner)).toEqual(counts);
    expect(keptProgramPid(ns.runner)).toEqual(expect.any(Number));
    expect(keptProgramPid(ns.runner)).not.toBe(first);
  });

  it("runs a query one-shot when the kept script does not answer in time, and ends that script", async () => {
    keepConntrackQueries({ timeoutMs: 300 });
    const counts = await openFlowCounts(ns.runner);
    const stuck = keptProgramPid(ns.runner)!;
    process.kill(stuck, "SIGSTOP");
    expect(await openFlowCounts(ns.runner)).toEqual(counts);
    expect(await untilGone(stuck)).toBe(true);
    expect(await openFlowCounts(ns.runner)).toEqual(counts);
    expect(keptProgramPid(ns.runner)).not.toBe(stuck);
  });

  it("keeps one per namespace, and none for a runner that cannot keep one", async () => {
    const other = createNetns("keeper-other");
    try {
      keepConntrackQueries();
      expect(await openFlowCounts(other.runner)).toEqual({ pptp: 0, ipsec: 0, l2tp: 0 });
      expect((await openFlowCounts(ns.runner)).pptp).toBe(VPN_COUNTS.pptp + MANY);
      expect(keptProgramPid(other.runner)).not.toBe(keptProgramPid(ns.runner));
      const oneShotOnly = { netns: ns.name, run: ns.runner.run };
      expect((await openFlowCounts(oneShotOnly)).pptp).toBe(VPN_COUNTS.pptp + MANY);
    } finally {
      stopKeepingConntrackQueries();
      other.remove();
    }
  });

  // A panel: opts in, asks once (its kept script starts), prints that script's pid, then waits to be ended.
  const PANEL = `
    import { keepConntrackQueries, keptProgramPid } from "./netfilter/ctnetlink-keeper.ts";
    import { openFlowCounts } from "./netfilter/flows.ts";
    import { commandRunner } from "./netfilter/exec.ts";
    const runner = commandRunner(process.argv[1]);
    keepConntrackQueries();
    await openFlowCounts(runner);
    process.on("SIGTERM", () => process.exit(0)); // as lintas serve ends
    process.stdout.write(keptProgramPid(runner) + "\\n");
    setInterval(() => undefined, 1000);
  `;
  const startPanel = async () => {
    const panel = spawn(process.execPath, ["--import", "./node_modules/tsx/dist/loader.mjs", "--input-type=module", "-e", PANEL, ns.name], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    const pid = await new Promise<number>((resolve, reject) => {
      panel.stdout.once("data", (line) => resolve(Number(String(line))));
      panel.once("exit", (code) => reject(new Error(`the panel exited (${code})`)));
    });
    return { panel, pid };
  };

  it.each(["SIGTERM", "SIGKILL"] as const)("ends with a panel that gets %s, leaving no process behind", async (signal) => {
    const { panel, pid } = await startPanel();
    expect(alive(pid)).toBe(true);
    expect(execFileSync("ps", ["-o", "ppid=", "-p", String(pid)], { encoding: "utf8" }).trim()).toBe(String(panel.pid));
    panel.kill(signal);
    expect(await untilGone(pid)).toBe(true);
  });
});
