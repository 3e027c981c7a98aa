// What the Monitor page's poll (GET /monitor/data: lib/monitor/view.ts) and `lintas flows` take to read the
// kernel with 50,000 unrelated conntrack entries (lab/testing/fill-conntrack.ts) and with none, in a throwaway
// namespace with Lintas's table applied (every protocol off: the attempt sets exist). The fill's VPN entries
// carry the ct mark, as the rules would have set it for flows they passed: the poll asks for the marked entries
// (lib/passthrough/flow-strategy.ts); the same queries by port (strategy "auto", the fallback) beside. Prints
// figures; asserts nothing. Run as root: node --import ./node_modules/tsx/dist/loader.mjs e2e/bench/monitor-read.ts [rounds]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fillConntrack } from "../../lab/testing/fill-conntrack";
import { createNetns } from "../../lab/testing/netns";
import { VPN_CT_MARK } from "../../netfilter/ct-mark";
import { listVpnFlows } from "../../netfilter/flows";
import { listSeenFlows } from "../../netfilter/other-vpns";
import { duration, interleave, p50, p95 } from "./stats";

const rounds = Number(process.argv[2] ?? 20);
const UNRELATED = 50_000;
const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-bench-mon-"));
process.env.LINTAS_DATA_DIR = dataDir;
const { setNetwork } = await import("../../lib/passthrough");
const { monitorView } = await import("../../lib/monitor");

const timed = (run: () => Promise<unknown>) => async () => {
  const start = performance.now();
  await run();
  return performance.now() - start;
};

const ns = createNetns("bench-mon", { lan: ["br-lan"], wan: "wan0" });
try {
  const options = { runner: ns.runner, backend: "nftables" as const };
  await setNetwork({ lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true }, options);
  for (const [label, fill] of [["empty table", 0], [`${UNRELATED.toLocaleString("en")} unrelated entries`, UNRELATED]] as const) {
    if (fill) fillConntrack(ns.name, { unrelated: fill, vpnMark: VPN_CT_MARK });
    const samples = await interleave(rounds, {
      "monitorView (the route's read: flows + other VPNs, attempts, accounting, devices, config)": timed(() => monitorView(options)),
      "listSeenFlows, marked (its conntrack query alone)": timed(() => listSeenFlows(ns.runner, "marked")),
      "listVpnFlows, marked (`lintas flows`' query)": timed(() => listVpnFlows(ns.runner, {}, "marked")),
      "listSeenFlows by port (auto: the fallback)": timed(() => listSeenFlows(ns.runner, "auto")),
      "listVpnFlows by port (auto: the fallback)": timed(() => listVpnFlows(ns.runner, {}, "auto")),
    });
    console.log(`\n${label} (${rounds} rounds, wall time)`);
    for (const [name, ms] of Object.entries(samples)) console.log(`  p50 ${duration(p50(ms)).padStart(8)}  p95 ${duration(p95(ms)).padStart(8)}  ${name}`);
  }
} finally {
  ns.remove();
  rmSync(dataDir, { recursive: true, force: true });
}
