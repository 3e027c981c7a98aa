// Listing, counting and cutting VPN flows among unrelated conntrack entries, against the real kernel inside
// throwaway namespaces. Root only (CI runs as root).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillConntrack, VPN_COUNTS, VPN_ENTRIES } from "../lab/testing/fill-conntrack";
import { createNetns, requireRoot, type TestNetns } from "../lab/testing/netns";
import { cutFlows, startFlowCut } from "./conntrack";
import { conntrackList, conntrackTally, type Strategy } from "./ctnetlink";
import { flowQueries, listVpnFlows, openFlowCounts, sampleVpnFlows } from "./flows";
import { protocolSpec, type ProtocolSpec } from "./protocols";

requireRoot();

function filledNetns(tag: string, unrelated: number) {
  const ns = createNetns(tag);
  fillConntrack(ns.name, { unrelated });
  return ns;
}
const tableSize = (ns: TestNetns) => Number(ns.sh("conntrack -C"));

describe("VPN flows among 50,000 unrelated conntrack entries", () => {
  let ns: TestNetns;
  beforeAll(() => void (ns = filledNetns("flows", 50_000)));
  afterAll(() => ns?.remove());

  it("lists only the catalogue's flows, both families, labelled and sorted", async () => {
    const { flows, total } = await listVpnFlows(ns.runner);
    expect(total).toBe(VPN_ENTRIES.length);
    expect(flows.map((f) => `${f.protocol}/${f.flow}`)).toEqual([
      "ipsec/ah", "ipsec/esp", "ipsec/ike", "ipsec/ike", "ipsec/natT",
      "l2tp/l2tp", "l2tp/l2tp",
      "pptp/control", "pptp/control", "pptp/gre", "pptp/gre",
    ]);
    expect(flows.filter((f) => f.flow === "ike").map((f) => f.client)).toEqual(["192.168.50.10", "2001:db8:50::10"]);
    expect(flows.find((f) => f.flow === "control")).toMatchObject({ client: "192.168.50.10", detail: "40000 -> 1723", replyTo: "198.51.100.1", state: "ESTABLISHED" });
  });

  it("pages through them and still says how many there are", async () => {
    // Timeouts tick between two reads.
    const page = async (range: { offset?: number; limit?: number }) => {
      const { flows, total } = await listVpnFlows(ns.runner, range);
      return { flows: flows.map(({ timeout: _timeout, ...flow }) => flow), total };
    };
    const all = (await page({})).flows;
    expect(await page({ offset: 2, limit: 3 })).toEqual({ flows: all.slice(2, 5), total: all.length });
    expect(await page({ offset: 10, limit: 5 })).toEqual({ flows: all.slice(10), total: all.length });
  });

  it("samples a few per flow of the protocols asked for, and says whether that was all", async () => {
    const ipsec = await sampleVpnFlows(ns.runner, [protocolSpec("ipsec")], 1);
    expect(ipsec.flows.map((f) => `${f.flow} ${f.client} -> ${f.server}`).sort()).toEqual([
      "ah 192.168.50.13 -> 203.0.113.2", "esp 192.168.50.12 -> 203.0.113.2", expect.stringMatching(/^ike /), "natT 192.168.50.11 -> 203.0.113.2",
    ]);
    expect(ipsec.truncated).toEqual(["ipsec"]); // two IKE flows, one shown
    const all = await sampleVpnFlows(ns.runner, [protocolSpec("ipsec"), protocolSpec("l2tp")], 2);
    expect([all.flows.length, all.truncated]).toEqual([VPN_COUNTS.ipsec + VPN_COUNTS.l2tp, []]);
    expect(await sampleVpnFlows(ns.runner, [], 2)).toEqual({ flows: [], truncated: [] });
  });

  it("counts them per protocol", async () => {
    expect(await openFlowCounts(ns.runner)).toEqual(VPN_COUNTS);
  });

  it("cuts the flows of the given protocols only, says how many, and leaves every other entry", async () => {
    const before = tableSize(ns);
    const cut = VPN_COUNTS.pptp + VPN_COUNTS.l2tp;
    expect(await cutFlows(ns.runner, [protocolSpec("pptp"), protocolSpec("l2tp")])).toBe(cut);
    expect(await openFlowCounts(ns.runner)).toEqual({ pptp: 0, ipsec: VPN_COUNTS.ipsec, l2tp: 0 });
    expect(tableSize(ns)).toBe(before - cut);
    expect(await cutFlows(ns.runner, [protocolSpec("pptp")])).toBe(0);
    expect(await cutFlows(ns.runner, [])).toBe(0);
  });

  it("fails with the reason, never reports no flows, when the kernel refuses", async () => {
    const unprivileged = { netns: ns.name, run: (argv: string[]) => ns.runner.run(["setpriv", "--bounding-set=-net_admin", "--inh-caps=-all", ...argv]) };
    await expect(openFlowCounts(unprivileged)).rejects.toThrow(/^cannot ask the kernel for conntrack entries: .*: Operation not permitted$/);
  });
});

// The pipeline starts a cut before the apply (Python's start overlaps it) and tells it what to cut afterwards.
describe("a cut started before it knows what to cut", () => {
  let ns: TestNetns;
  beforeAll(() => void (ns = filledNetns("cut-ahead", 100)));
  afterAll(() => ns?.remove());

  it("deletes nothing until told, then the flows of the protocols it is told", async () => {
    let tell!: (protocols: ProtocolSpec[]) => void;
    const cutting = startFlowCut(ns.runner).cut(new Promise((resolve) => (tell = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 300)); // Python is up and waiting by now
    expect(await openFlowCounts(ns.runner)).toEqual(VPN_COUNTS);
    tell([protocolSpec("pptp")]);
    expect(await cutting).toBe(VPN_COUNTS.pptp);
    expect(await openFlowCounts(ns.runner)).toEqual({ ...VPN_COUNTS, pptp: 0 });
  });

  it("deletes nothing when told nothing (the apply failed, or nothing changed after all)", async () => {
    expect(await startFlowCut(ns.runner).cut(Promise.resolve([]))).toBe(0);
    expect((await openFlowCounts(ns.runner)).l2tp).toBe(VPN_COUNTS.l2tp);
  });
});

// "auto" picks one of the two by the table's size; both must give the same answers.
describe.each<Strategy>(["filter", "walk"])("asking the kernel with strategy %s", (strategy) => {
  let ns: TestNetns;
  beforeAll(() => void (ns = filledNetns(strategy, 1_000)));
  afterAll(() => ns?.remove());
  const queries = flowQueries();
  const filters = queries.map((q) => q.filter);

  it("finds each catalogue flow's entries, both families", async () => {
    const found = await conntrackList(ns.runner, filters, strategy);
    const perFlow = queries.map((q, i) => `${q.protocol}/${q.flow} ${found[i]!.length}`);
    expect(perFlow).toEqual(["pptp/control 2", "pptp/gre 2", "ipsec/ike 2", "ipsec/natT 1", "ipsec/esp 1", "ipsec/ah 1", "l2tp/l2tp 2"]);
    expect(await conntrackTally(ns.runner, "count", filters, strategy)).toEqual([2, 2, 2, 1, 1, 1, 2]);
  });

  it("lists at most `limit` entries per flow, both families together", async () => {
    const found = await conntrackList(ns.runner, filters, strategy, 1);
    expect(found.map((entries) => entries.length)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it("deletes exactly the matching entries and counts them", async () => {
    const before = tableSize(ns);
    const l2tp = flowQueries([protocolSpec("l2tp")]).map((q) => q.filter);
    expect(await conntrackTally(ns.runner, "delete", l2tp, strategy)).toEqual([2]);
    expect(await conntrackTally(ns.runner, "count", filters, strategy)).toEqual([2, 2, 2, 1, 1, 1, 0]);
    expect(tableSize(ns)).toBe(before - 2);
  });
});
