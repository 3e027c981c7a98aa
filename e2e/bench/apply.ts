// How long a switch takes to reach the kernel, stage by stage. Prints figures; asserts nothing.
// Run as root: node --import ./node_modules/tsx/dist/loader.mjs e2e/bench/apply.ts [rounds]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { iptablesBackend } from "../../netfilter/backends/iptables";
import { nftablesBackend } from "../../netfilter/backends/nftables";
import type { Backend } from "../../netfilter/backends/types";
import { probeCapabilities } from "../../netfilter/capabilities";
import { configSchema } from "../../netfilter/config";
import { cutFlows } from "../../netfilter/conntrack";
import { PROTOCOLS } from "../../netfilter/protocols";
import { render } from "../../netfilter/render";
import { compareWithKernel } from "../../netfilter/status";
import { createNetns } from "../../lab/testing/netns";

const rounds = Number(process.argv[2] ?? 30);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(1)} ms`);

async function time(fn: () => unknown | Promise<unknown>, n = rounds): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const ns = createNetns("bench", { lan: ["br-lan"], wan: "wan0" });
try {
  const capabilities = await probeCapabilities(ns.runner);
  const config = (on: boolean) =>
    configSchema.parse({
      network: { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true },
      passthrough: { pptp: { enabled: on }, ipsec: { enabled: on, ah: on }, l2tp: { enabled: on } },
    });
  const [allOn, allOff] = [render(config(true), capabilities).ruleset, render(config(false), capabilities).ruleset];

  const results: [string, number][] = [];
  results.push(["probe capabilities, uncached (nft -c checks, iptables-restore --test, a conntrack query)", await time(() => probeCapabilities(ns.runner), 10)]);
  results.push(["render config -> ruleset (pure)", await time(() => render(config(true), capabilities), 2000)]);
  const toggle = (backend: Backend) => {
    let on = false;
    return () => backend.apply((on = !on) ? allOn : allOff);
  };
  const nft = nftablesBackend(ns.runner);
  results.push(["nftables apply (one nft -j -f transaction)", await time(toggle(nft))]);
  results.push(["nftables read-back + compare", await time(async () => compareWithKernel(config(true), capabilities, nft, await nft.read()))]);
  await nft.remove();
  const ipt = iptablesBackend(ns.runner);
  results.push(["iptables apply (IPv6 test, restore IPv4 and IPv6)", await time(toggle(ipt))]);
  await ipt.remove();
  results.push(["cut open flows of all protocols (one ctnetlink query)", await time(() => cutFlows(ns.runner, PROTOCOLS), 10)]);

  const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-bench-"));
  const bin = path.join(import.meta.dirname, "..", "..", "bin", "lintas");
  const cli = (...args: string[]) =>
    spawnSync("ip", ["netns", "exec", ns.name, bin, ...args], { env: { ...process.env, LINTAS_DATA_DIR: dataDir, LINTAS_BACKEND: "" } });
  cli("network", "set", "--lan", "br-lan", "--wan", "wan0");
  let on = false;
  results.push(["whole CLI `lintas passthrough set pptp=on|off` (Node start included)", await time(() => cli("passthrough", "set", `pptp=${(on = !on) ? "on" : "off"}`), 10)]);
  rmSync(dataDir, { recursive: true, force: true });

  console.log(`medians, ${rounds} rounds unless noted (render 2000, probe/cut/CLI 10):`);
  for (const [name, ms] of results) console.log(`  ${fmt(ms).padStart(9)}  ${name}`);
  const nftMs = results.find(([n]) => n.startsWith("nftables apply"))![1];
  const iptMs = results.find(([n]) => n.startsWith("iptables apply"))![1];
  console.log(`  iptables apply / nftables apply = ${(iptMs / nftMs).toFixed(2)} (same run)`);
} finally {
  ns.remove();
}
