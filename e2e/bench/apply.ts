// Where the time of one switch goes, stage by stage, in a throwaway namespace: the detail behind the CLI and
// Save & apply rows. Timings only; nothing here has a target.
import { createNetns } from "../../lab/testing/netns";
import { iptablesBackend } from "../../netfilter/backends/iptables";
import { nftablesBackend } from "../../netfilter/backends/nftables";
import type { Backend } from "../../netfilter/backends/types";
import { compareWithKernel, configSchema, cutFlows, probeCapabilities, PROTOCOLS, render } from "../../netfilter";
import { onCleanup } from "./cleanup";
import { detailRow, type Row } from "./report";
import { repeat } from "./stats";

export async function applyStageRows(rounds: number): Promise<Row[]> {
  const ns = createNetns("bench", { lan: ["br-lan"], wan: "wan0" });
  const removeNs = onCleanup(`namespace ${ns.name}`, () => ns.remove());
  try {
    const capabilities = await probeCapabilities(ns.runner);
    const config = (on: boolean) =>
      configSchema.parse({
        network: { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true },
        passthrough: { pptp: { enabled: on }, ipsec: { enabled: on, ah: on }, l2tp: { enabled: on } },
      });
    const [allOn, allOff] = [render(config(true), capabilities).ruleset, render(config(false), capabilities).ruleset];
    const toggle = (backend: Backend) => {
      let on = false;
      return () => backend.apply((on = !on) ? allOn : allOff);
    };
    const nft = nftablesBackend(ns.runner);
    const ipt = iptablesBackend(ns.runner);
    const rows = [
      detailRow("stage: probe capabilities, uncached (nft -c checks, iptables-restore --test, a conntrack query)", await repeat(10, () => probeCapabilities(ns.runner))),
      detailRow("stage: render config -> ruleset (pure)", await repeat(2000, () => render(config(true), capabilities))),
      detailRow("stage: nftables apply (one nft -j -f transaction), every switch toggled", await repeat(rounds, toggle(nft))),
      detailRow("stage: nftables read-back + compare", await repeat(rounds, async () => compareWithKernel(config(true), capabilities, nft, await nft.read()))),
    ];
    await nft.remove();
    rows.push(detailRow("stage: iptables apply (IPv6 test, restore IPv4 and IPv6), every switch toggled", await repeat(rounds, toggle(ipt))));
    await ipt.remove();
    rows.push(detailRow("stage: cut open flows of every protocol (one ctnetlink query)", await repeat(10, () => cutFlows(ns.runner, PROTOCOLS))));
    return rows;
  } finally {
    await removeNs();
  }
}
