// The kernel I/O of a switch and of the flows view, old way against new, in one run: capability probe cold vs
// cached, nft apply with and without the `nft -c` dry run, cutting flows and listing them with an empty table
// and with 50,000 unrelated entries, against `conntrack -L` of the same table. Prints figures; asserts nothing.
// Run as root: node --import ./node_modules/tsx/dist/loader.mjs e2e/bench/kernel-io.ts [rounds]
import { mkdtempSync, rmSync } from "node:fs";
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

/** Runs every variant once per round, in turn, so load from other work on the machine falls on all alike. */
async function paired(variants: Record<string, () => Promise<unknown>>): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(variants)) {
      const start = performance.now();
      await run();
      samples[name]!.push(performance.now() - start);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)]));
}

function print(title: string, figures: Record<string, number>) {
  console.log(`\n${title} (medians of ${rounds}, ms)`);
  for (const [name, ms] of Object.entries(figures)) console.log(`  ${ms.toFixed(1).padStart(8)}  ${name}`);
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
  print("capability probe", await paired({
    "cold: probeCapabilities": () => probeCapabilities(ns.runner),
    "cached: currentCapabilities (key check + forwarding read)": async () => {
      await currentCapabilities(ns.runner);
      await currentCapabilities(ns.runner);
    },
  }).then((f) => ({ ...f, "cached: currentCapabilities (key check + forwarding read)": f["cached: currentCapabilities (key check + forwarding read)"]! / 2 })));
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
