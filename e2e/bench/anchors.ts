// The anchors a Lintas switch is measured against: the very nft JSON batch Lintas applies for a protocol on
// and off (from the renderer), and a shell script an admin could write instead: that batch through
// `nft -j -f`, then the protocol's open flows cut with `conntrack -D`, as Lintas does.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { nftablesBackend } from "../../netfilter/backends/nftables";
import { configSchema, nftReplaceBatch, PROTOCOLS, probeCapabilities, render, type LintasConfig, type ProtocolId, type Runner } from "../../netfilter";

export type ToggleAnchors = {
  /** The batch file for the protocol on or off. */
  batch(on: boolean): string;
  /** argv of the shell script switching the protocol on or off. */
  script(on: boolean): string[];
  /** Throws unless the kernel holds exactly what the batch for `on` installs (same objects, read back). */
  verifyKernel(on: boolean): Promise<void>;
  remove(): void;
};

/** `stored`: the config Lintas holds; only `protocol`'s switch changes between the two batches. */
export async function toggleAnchors(runner: Runner, stored: LintasConfig, protocol: ProtocolId): Promise<ToggleAnchors> {
  const capabilities = await probeCapabilities(runner);
  const rulesetFor = (on: boolean) =>
    render(configSchema.parse({ ...stored, passthrough: { ...stored.passthrough, [protocol]: { ...stored.passthrough[protocol], enabled: on } } }), capabilities).ruleset;
  const dir = mkdtempSync(path.join(tmpdir(), "lintas-bench-anchor-"));
  const batch = (on: boolean) => path.join(dir, `${protocol}-${on ? "on" : "off"}.json`);
  for (const on of [true, false]) writeFileSync(batch(on), JSON.stringify(nftReplaceBatch(rulesetFor(on))));

  const spec = PROTOCOLS.find((p) => p.id === protocol)!;
  const cuts = spec.flows.map(({ match }) =>
    `conntrack -D -p ${match.l4proto}${"port" in match ? ` --orig-port-dst ${match.port}` : ""} 2>/dev/null || true`,
  );
  const script = path.join(dir, "toggle.sh");
  writeFileSync(script, [
    "#!/bin/sh",
    `# ${protocol}=on|off by hand: the batch Lintas applies, in one atomic nft transaction, then the`,
    "# protocol's open flows cut so they meet the new rules (conntrack -D exits 1 when none matched).",
    "set -e",
    `nft -j -f "$(dirname "$0")/${protocol}-$1.json"`,
    ...cuts,
    "",
  ].join("\n"));
  chmodSync(script, 0o755);

  const backend = nftablesBackend(runner);
  return {
    batch,
    script: (on) => [script, on ? "on" : "off"],
    async verifyKernel(on) {
      const installed = [...(await backend.read()).keys].sort();
      const expected = [...backend.keys(rulesetFor(on))].sort();
      if (JSON.stringify(installed) !== JSON.stringify(expected)) {
        throw new Error(`the anchor batch for ${protocol}=${on ? "on" : "off"} is not what Lintas installed (kernel read-back differs)`);
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
