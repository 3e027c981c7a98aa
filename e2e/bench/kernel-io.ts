// The kernel I/O of a switch and of the flows view, old way against new, in one run: capability probe cold vs
// cached, nft apply with and without the `nft -c` dry run, cutting flows and listing them with an empty table
// and with 50,000 unrelated entries, against `conntrack -L` of the same table. Prints figures; asserts nothing.
// Run as root: node --import ./node_modules/tsx/dist/loader.mjs e2e/bench/kernel-io.ts [rounds]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fillConntrack } from "../../lab/testing/fill-conntrack";
import { createNetns, type TestNetns } from "../../lab/testing/netns";
import { nftablesBackend } from "../../netfilter/backends/nftables";
import { probeCapabilities } from "../../netfilter/capabilities";
import { configSchema } from "../../netfilter/config";
import { cutFlows } from "../../netfilter/conntrack";
import { conntrackTally } from "../../netfilter/ctnetlink";
import { withTempFile, type Runner } from "../../netfilter/exec";
import { flowQueries, listVpnFlows, openFlowCounts } from "../../netfilter/flows";
import { nftReplaceBatch } from "../../netfilter/nft";
import { PROTOCOLS, protocolSpec } from "../../netfilter/protocols";
import { render } from "../../netfilter/render";

const rounds = Number(process.argv[2] ?? 15);
const UNRELATED = 50_000;
const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-bench-kio-"));
process.env.LINTAS_DATA_DIR = dataDir;
const { currentCapabilities, forgetCapabilities } = await import("../../lib/passthrough/capabilities-cache");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU time of this process and of the children it has reaped (the programs it ran), in ms. */
function cpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  const childTicks = Number(fields[13]) + Number(fields[14]); // cutime + cstime, in 1/100 s
  const self = process.cpuUsage();
  return childTicks * 10 + (self.user + self.system) / 1000;
}

type Figure = { wall: number; cpu: number };

/**
 * Runs every variant once per round, in turn, so load from other work on the machine falls on all alike.
 * Wall: the median. CPU (this process and the programs it started; the kernel's work on their behalf is
 * theirs): the mean, since the children's clock ticks are 10 ms coarse.
 */
async function paired(variants: Record<string, () => Promise<unknown>>): Promise<Record<string, Figure>> {
  const samples: Record<string, { wall: number[]; cpu: number }> = Object.fromEntries(Object.keys(variants).map((k) => [k, { wall: [], cpu: 0 }]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(variants)) {
      const [start, cpu] = [performance.now(), cpuMs()];
      await run();
      samples[name]!.wall.push(performance.now() - start);
      samples[name]!.cpu += cpuMs() - cpu;
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, { wall: median(s.wall), cpu: s.cpu / rounds }]));
}

function print(title: string, figures: Record<string, Figure>) {
  console.log(`\n${title} (${rounds} rounds; ms: median wall, mean CPU)`);
  for (const [name, { wall, cpu }] of Object.entries(figures)) console.log(`  ${wall.toFixed(1).padStart(8)} ${cpu.toFixed(0).padStart(6)}  ${name}`);
}

// What cutFlows did before: one `conntrack -D` per flow, one after the other.
async function cutWithConntrackTool(runner: Runner) {
  for (const { filter } of flowQueries(PROTOCOLS)) {
    const port = filter.port === undefined ? [] : ["--orig-port-dst", String(filter.port)];
    await runner.run(["conntrack", "-D", "-p", String(filter.proto), ...port]);
  }
}

async function flowFigures(ns: TestNetns, label: string) {
  const all = flowQueries().map((q) => q.filter);
  const pptp = flowQueries([protocolSpec("pptp")]).map((q) => q.filter);
  print(`flows, ${label}`, await paired({
    "conntrack -L (the whole table, printed)": () => ns.runner.run(["conntrack", "-L"]),
    "listVpnFlows (auto)": () => listVpnFlows(ns.runner),
    "openFlowCounts (auto)": () => openFlowCounts(ns.runner),
    "count all flows, strategy filter (14 filtered walks)": () => conntrackTally(ns.runner, "count", all, "filter"),
    "count all flows, strategy walk (1 unfiltered walk)": () => conntrackTally(ns.runner, "count", all, "walk"),
    "old cutFlows: 7 x conntrack -D, in turn": () => cutWithConntrackTool(ns.runner),
    "cutFlows, all protocols (auto)": () => cutFlows(ns.runner, PROTOCOLS),
    "cutFlows, pptp only (auto)": () => cutFlows(ns.runner, [protocolSpec("pptp")]),
    "cut pptp, strategy filter (4 filtered walks)": () => conntrackTally(ns.runner, "delete", pptp, "filter"),
    "cut pptp, strategy walk (1 unfiltered walk)": () => conntrackTally(ns.runner, "delete", pptp, "walk"),
  }));
}

const ns = createNetns("bench-kio", { lan: ["br-lan"], wan: "wan0" });
try {
  // The cache is warm from the second round on; in our own namespace (the router's case) the forwarding read
  // is a file read, here it is one `sysctl` in the test namespace.
  print("capability probe", await paired({
    "cold: probeCapabilities": () => probeCapabilities(ns.runner),
    "cached: currentCapabilities (key check + one sysctl)": () => currentCapabilities(ns.runner),
  }));
  await forgetCapabilities();

  const capabilities = await probeCapabilities(ns.runner);
  const rulesets = [true, false].map((on) =>
    render(configSchema.parse({
      network: { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true },
      passthrough: { pptp: { enabled: on }, ipsec: { enabled: on, ah: on }, l2tp: { enabled: on } },
    }), capabilities).ruleset,
  );
  const nft = nftablesBackend(ns.runner);
  let on = false;
  let onOld = false;
  print("nftables apply, toggling all switches", await paired({
    "old: nft -c, then nft -j -f": () =>
      withTempFile("ruleset.json", JSON.stringify(nftReplaceBatch(rulesets[(onOld = !onOld) ? 0 : 1]!)), async (file) => {
        await ns.runner.run(["nft", "-c", "-j", "-f", file]);
        await ns.runner.run(["nft", "-j", "-f", file]);
      }),
    "new: nft -j -f only": () => nft.apply(rulesets[(on = !on) ? 0 : 1]!),
  }));

  await flowFigures(ns, "empty table");
  const start = performance.now();
  fillConntrack(ns.name, { unrelated: UNRELATED });
  console.log(`\nfilled ${UNRELATED} unrelated entries + VPN flows with conntrack -R in ${(performance.now() - start).toFixed(0)} ms`);
  await flowFigures(ns, `${UNRELATED} unrelated entries`);
} finally {
  ns.remove();
  rmSync(dataDir, { recursive: true, force: true });
}
