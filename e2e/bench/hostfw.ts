// What knowing the host firewall costs: reading it (nft -j list ruleset, plus iptables-save where iptables-nft
// tables need it, plus the legacy saves) in an empty namespace and beside Docker's and firewalld's rulesets, and the
// pure check a watcher runs per ruleset change. Prints figures; asserts nothing.
// Run as root: node --import ./node_modules/tsx/dist/loader.mjs e2e/bench/hostfw.ts [rounds]
import { readFileSync } from "node:fs";
import path from "node:path";
import { createNetns } from "../../lab/testing/netns";
import { configSchema } from "../../netfilter/config";
import { withTempFile } from "../../netfilter/exec";
import { checkHost } from "../../netfilter/hostfw/plan";
import { readHost } from "../../netfilter/hostfw/read";
import { hostInput, loadFixture } from "../../netfilter/hostfw/test-support";

const rounds = Number(process.argv[2] ?? 30);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(1)} ms`);
async function time(fn: () => unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const config = configSchema.parse({
  network: { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true },
  passthrough: { pptp: { enabled: true }, ipsec: { enabled: true, ah: true }, l2tp: { enabled: true } },
});
const input = hostInput(config);
const fixture = (name: string) => path.join(import.meta.dirname, "..", "..", "netfilter", "hostfw", "fixtures", name);

console.log(`host firewall, median of ${rounds} (reads through ip netns exec, so each program start pays for entering the namespace):`);
const ns = createNetns("benchhf", { lan: ["br-lan"], wan: "wan0" });
try {
  console.log(`  read, nothing loaded:              ${fmt(await time(() => readHost(ns.runner)))}`);
  ns.sh(`iptables-restore < ${fixture("docker")}/iptables-save`);
  console.log(`  read, Docker's rules (+ iptables-save): ${fmt(await time(() => readHost(ns.runner)))}`);
  ns.sh("nft flush ruleset");
  // A listing is also a ruleset nft -j -f loads.
  await withTempFile("fw.json", readFileSync(`${fixture("firewalld")}/ruleset.json`, "utf8"), (file) => ns.runner.run(["nft", "-j", "-f", file]));
  console.log(`  read, firewalld's table (${ns.sh("nft list ruleset | wc -l").trim()} lines): ${fmt(await time(() => readHost(ns.runner)))}`);
} finally {
  ns.remove();
}
for (const name of ["nftables-conf", "docker", "firewalld"]) {
  const ruleset = loadFixture(name);
  console.log(`  checkHost (pure), ${name}:`.padEnd(36) + fmt(await time(() => checkHost(ruleset, input))));
}
