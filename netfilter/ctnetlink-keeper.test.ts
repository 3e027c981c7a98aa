// The conntrack script kept by a long-running panel, against the real kernel inside throwaway namespaces: the
// same answers as the one-shot script, concurrent queries apart, started again after it dies, a query it does
// not answer in time run one-shot, and no program left behind by a panel that dies. Root only.
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fillConntrack, VPN_COUNTS } from "../lab/testing/fill-conntrack";
import { expectKeptProgramEndsWithPanel, untilGone } from "../lab/testing/kept-panel";
import { createNetns, requireRoot, type TestNetns } from "../lab/testing/netns";
import { cutFlows } from "./conntrack";
import { conntrackList, conntrackTally, type ConntrackFilter } from "./ctnetlink";
import { keptConntrackPid } from "./ctnetlink-keeper";
import { keepHelperPrograms, stopKeepingHelperPrograms } from "./kept-programs";
import { flowQueries, listVpnFlows, openFlowCounts, sampleVpnFlows } from "./flows";
import { PROTOCOLS, protocolSpec } from "./protocols";

requireRoot();

const FILTERS = flowQueries().map((q) => q.filter);
const PPTP_CONTROL: ConntrackFilter = { proto: 6, port: 1723 };
const MANY = 3_000;

/** The answers of both ways of asking, the kept script's first. */
async function bothWays<T>(ns: TestNetns, ask: () => Promise<T>): Promise<[T, T]> {
  keepHelperPrograms();
  const kept = await ask();
  expect(keptConntrackPid(ns.runner)).toEqual(expect.any(Number));
  stopKeepingHelperPrograms();
  return [kept, await ask()];
}

const withoutTimeouts = <T extends { timeout: number }>(flows: T[]) => flows.map(({ timeout: _timeout, ...flow }) => flow);

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
  afterEach(() => stopKeepingHelperPrograms());
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
    keepHelperPrograms();
    expect(await cutFlows(ns.runner, [protocolSpec("l2tp")])).toBe(VPN_COUNTS.l2tp);
    expect(await conntrackTally(ns.runner, "delete", Promise.resolve([]))).toEqual([]);
    expect(await conntrackTally(ns.runner, "delete", new Promise<ConntrackFilter[]>((resolve) => setTimeout(() => resolve(flowQueries([protocolSpec("l2tp")]).map((q) => q.filter)), 50)))).toEqual([0]);
    stopKeepingHelperPrograms();
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
    keepHelperPrograms();
    const pid = (await openFlowCounts(ns.runner), keptConntrackPid(ns.runner));
    expect(await Promise.all(asks())).toEqual(oneShot);
    expect(oneShot[0]).toBe(MANY + 2);
    expect(keptConntrackPid(ns.runner)).toBe(pid); // one program answered them all
  });

  it("is started again after a kill -9, and a query it lost is answered one-shot", async () => {
    keepHelperPrograms();
    const counts = await openFlowCounts(ns.runner);
    const first = keptConntrackPid(ns.runner)!;
    const listing = conntrackList(ns.runner, [PPTP_CONTROL], "walk");
    process.kill(first, "SIGKILL");
    expect((await listing)[0]!.length).toBe(MANY + 2);
    expect(await untilGone(first)).toBe(true);
    expect(await openFlowCounts(ns.runner)).toEqual(counts);
    expect(keptConntrackPid(ns.runner)).toEqual(expect.any(Number));
    expect(keptConntrackPid(ns.runner)).not.toBe(first);
  });

  it("runs a query one-shot when the kept script does not answer in time, and ends that script", async () => {
    keepHelperPrograms({ timeoutMs: 300 });
    const counts = await openFlowCounts(ns.runner);
    const stuck = keptConntrackPid(ns.runner)!;
    process.kill(stuck, "SIGSTOP");
    expect(await openFlowCounts(ns.runner)).toEqual(counts);
    expect(await untilGone(stuck)).toBe(true);
    expect(await openFlowCounts(ns.runner)).toEqual(counts);
    expect(keptConntrackPid(ns.runner)).not.toBe(stuck);
  });

  it("keeps one per namespace, and none for a runner that cannot keep one", async () => {
    const other = createNetns("keeper-other");
    try {
      keepHelperPrograms();
      expect(await openFlowCounts(other.runner)).toEqual({ pptp: 0, ipsec: 0, l2tp: 0 });
      expect((await openFlowCounts(ns.runner)).pptp).toBe(VPN_COUNTS.pptp + MANY);
      expect(keptConntrackPid(other.runner)).not.toBe(keptConntrackPid(ns.runner));
      const oneShotOnly = { netns: ns.name, run: ns.runner.run };
      expect((await openFlowCounts(oneShotOnly)).pptp).toBe(VPN_COUNTS.pptp + MANY);
    } finally {
      stopKeepingHelperPrograms();
      other.remove();
    }
  });

  // A panel: opts in, asks once (its kept script starts), prints its pid, then waits to be ended.
  const PANEL = {
    imports: `import { keptConntrackPid } from "./netfilter/ctnetlink-keeper.ts"; import { openFlowCounts } from "./netfilter/flows.ts";`,
    use: `await openFlowCounts(runner)`,
    keptPid: "keptConntrackPid(runner)",
  };

  it.each(["SIGTERM", "SIGKILL"] as const)("ends with a panel that gets %s, leaving no process behind", (signal) => expectKeptProgramEndsWithPanel(ns.name, PANEL, signal));
});
