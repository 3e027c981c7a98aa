// The CLI as a cold process against what a shell script does by hand: `lintas passthrough set pptp=on|off`
// against a script running `nft -j -f` of the identical batch + the same `conntrack -D`s, and `lintas --help`
// against `node -e 0`. Runs interleaved, in one throwaway namespace, so the ratios hold on a noisy machine.
// Prints figures; asserts nothing.
// Run as root after `npm run build`: node --import ./node_modules/tsx/dist/loader.mjs e2e/bench/cli.ts [rounds]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { probeCapabilities } from "../../netfilter/capabilities";
import { configSchema } from "../../netfilter/config";
import { nftReplaceBatch } from "../../netfilter/nft";
import { render } from "../../netfilter/render";
import { createNetns } from "../../lab/testing/netns";

const rounds = Number(process.argv[2] ?? 15);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const bin = path.join(import.meta.dirname, "..", "..", "bin", "lintas");

const ns = createNetns("benchcli", { lan: ["br-lan"], wan: "wan0" });
const dir = mkdtempSync(path.join(tmpdir(), "lintas-bench-cli-"));
try {
  // bin/lintas drops NODE_EXTRA_CA_CERTS (Node 20 parses it at every start); the `node -e 0` anchor runs without it too.
  const { NODE_EXTRA_CA_CERTS: _dropped, ...inherited } = process.env;
  const env = { ...inherited, LINTAS_DATA_DIR: path.join(dir, "data"), LINTAS_BACKEND: "" };
  /** Runs argv inside the namespace; returns wall time in ms. A failure stops the bench: its figure would lie. */
  const timed = (argv: string[]) => {
    const start = performance.now();
    const result = spawnSync("ip", ["netns", "exec", ns.name, ...argv], { env, encoding: "utf8" });
    const ms = performance.now() - start;
    if (result.status !== 0) throw new Error(`${argv.join(" ")} exited ${result.status}: ${result.stderr}`);
    return ms;
  };
  timed([bin, "network", "set", "--lan", "br-lan", "--wan", "wan0", "--masquerade", "on"]);

  // The batch the CLI applies for each state of the switch, and the script an admin would write around it.
  const capabilities = await probeCapabilities(ns.runner);
  const batchFile = (pptp: boolean) => {
    const config = configSchema.parse({
      network: { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true },
      passthrough: { pptp: { enabled: pptp }, ipsec: { enabled: false }, l2tp: { enabled: false } },
    });
    const file = path.join(dir, `pptp-${pptp ? "on" : "off"}.json`);
    writeFileSync(file, JSON.stringify(nftReplaceBatch(render(config, capabilities).ruleset)));
    return file;
  };
  const batches = { on: batchFile(true), off: batchFile(false) };
  const script = path.join(dir, "toggle.sh");
  writeFileSync(
    script,
    [
      "#!/bin/sh",
      "# PPTP passthrough by hand: one nft transaction, then cut the open PPTP flows.",
      'nft -j -f "$1" || exit 1',
      "conntrack -D -p tcp --orig-port-dst 1723 2>/dev/null",
      "conntrack -D -p gre 2>/dev/null",
      "exit 0",
      "",
    ].join("\n"),
    { mode: 0o755 },
  );

  const runs = {
    help: [] as number[],
    node: [] as number[],
    toggle: [] as number[],
    script: [] as number[],
    nft: [] as number[],
  };
  for (let i = -1; i < rounds; i++) {
    const state = i % 2 === 0 ? "on" : "off";
    const sample = {
      help: timed([bin, "--help"]),
      node: timed([process.execPath, "-e", "0"]),
      toggle: timed([bin, "passthrough", "set", `pptp=${state}`]),
      script: timed([script, batches[state]]),
      nft: timed(["nft", "-j", "-f", batches[state]]),
    };
    if (i < 0) continue; // the first round warms the page cache
    for (const [name, ms] of Object.entries(sample)) runs[name as keyof typeof runs].push(ms);
  }

  const row = (what: string, ms: number[], anchor: string, anchorMs: number[], target?: number) => {
    const ratio = median(ms) / median(anchorMs);
    const verdict = target === undefined ? "" : ratio <= target ? `  (target <= ${target}x: met)` : `  (target <= ${target}x: NOT met)`;
    return `  ${what.padEnd(42)} ${median(ms).toFixed(1).padStart(7)} ms   ${anchor.padEnd(30)} ${median(anchorMs).toFixed(1).padStart(6)} ms   ${ratio.toFixed(2)}x${verdict}`;
  };
  console.log(`medians of ${rounds} cold runs each, interleaved, inside namespace ${ns.name}:`);
  console.log(row("lintas passthrough set pptp=on|off", runs.toggle, "shell script (nft + conntrack)", runs.script, 3));
  console.log(row("lintas passthrough set pptp=on|off", runs.toggle, "bare nft -j -f", runs.nft));
  console.log(row("lintas --help", runs.help, "node -e 0", runs.node));
} finally {
  ns.remove();
  rmSync(dir, { recursive: true, force: true });
}
