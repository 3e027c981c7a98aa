// Lab timings: how long up, down and one full probe take, and what each host firewall profile takes to load,
// restart and start again after a reboot. Prints figures; asserts nothing.
// Run as root: node --import ./node_modules/tsx/dist/loader.mjs e2e/bench/lab.ts [rounds]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { bootHostFirewall, HOST_FIREWALLS, installHostFirewall, restartHostFirewall } from "../../lab/host-firewall/profiles";
import { bringUp, labDown, labUp, rebootLab, routerLintas } from "../../lab/lab";
import { probe } from "../../lab/probes";
import { labNamed } from "../../lab/topology";
import { duration, p50, percentile, type Samples } from "./stats";

const rounds = Number(process.argv[2] ?? 10);
const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-bench-"));
const lab = labNamed("lintas-lab-bench", dataDir);
const time = (fn: () => unknown) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};
const stats = (xs: Samples) => `median ${duration(p50(xs))}, min ${duration(percentile(xs, 0))}, max ${duration(percentile(xs, 100))}`;

const ups: number[] = [];
const downs: number[] = [];
for (let i = 0; i < rounds; i++) {
  ups.push(time(() => labUp(lab)));
  downs.push(time(() => labDown(lab)));
}
console.log(`lab up   (4 namespaces, bridge, 3 veth pairs, sysctls), ${rounds} rounds: ${stats(ups)}`);
console.log(`lab down (kill processes, delete namespaces),            ${rounds} rounds: ${stats(downs)}`);

bringUp(lab);
for (const words of [["pptp=on", "ipsec=on", "ipsec.ah=on", "l2tp=on"], ["pptp=off", "ipsec=off", "l2tp=off"]]) {
  routerLintas(lab, ["passthrough", "set", ...words]);
  const probes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await probe(lab);
    probes.push(performance.now() - start);
  }
  console.log(`probe, all checks at once, switches ${words.join(" ")}: ${stats(probes)}`);
}
labDown(lab);

for (const profile of HOST_FIREWALLS.filter((name) => name !== "none")) {
  labUp(lab);
  const install = time(() => installHostFirewall(lab, profile));
  const restarts = Array.from({ length: 3 }, () => time(() => restartHostFirewall(lab)));
  const boots = Array.from({ length: 3 }, () => {
    rebootLab(lab);
    return time(() => bootHostFirewall(lab));
  });
  console.log(`host firewall ${profile.padEnd(9)} install ${install.toFixed(0)} ms; restart ${stats(restarts)}; boot after a reboot ${stats(boots)}`);
  labDown(lab);
}
rmSync(dataDir, { recursive: true, force: true });
