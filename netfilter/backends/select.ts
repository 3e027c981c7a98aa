// Picks the backend from the probe: nftables where nft works, iptables where only iptables-restore does,
// dry-run where the process may not touch the firewall. An explicit choice wins but must be usable.
import type { Capabilities } from "../capabilities";
import { commandRunner, type Runner } from "../exec";
import { dryRunBackend } from "./dry-run";
import { iptablesBackend } from "./iptables";
import { nftablesBackend } from "./nftables";
import { ApplyError, type Backend, type BackendName } from "./types";

/** Why this backend, for a page to say in its own words; `reason` says it in English for the CLI. */
export type BackendWhy =
  | { kind: "explicit" }
  | { kind: "nftables" }
  | { kind: "iptablesFallback"; nftables: string }
  | { kind: "nothingWritable"; nftables: string };
export type BackendChoice = { backend: Backend; reason: string; why: BackendWhy };

const REASONS: { [Kind in BackendWhy["kind"]]: (why: Extract<BackendWhy, { kind: Kind }>) => string } = {
  explicit: () => "chosen explicitly",
  nftables: () => "nft works here",
  iptablesFallback: (why) => `iptables fallback: ${why.nftables}`,
  nothingWritable: (why) => `no firewall can be changed here (${why.nftables}); rules are rendered and recorded only`,
};

function choice(backend: Backend, why: BackendWhy): BackendChoice {
  return { backend, why, reason: (REASONS[why.kind] as (why: BackendWhy) => string)(why) };
}

export function chooseBackend(
  capabilities: Capabilities,
  options: { override?: BackendName; runner?: Runner; dryRunFile: string },
): BackendChoice {
  const runner = options.runner ?? commandRunner();
  const { nftables, iptables } = capabilities;
  switch (options.override) {
    case "nftables":
      if (!nftables.available) throw new ApplyError({ kind: "backend", backend: "nftables", reason: nftables.reason ?? "" });
      return choice(nftablesBackend(runner), { kind: "explicit" });
    case "iptables":
      if (!iptables.available) throw new ApplyError({ kind: "backend", backend: "iptables", reason: iptables.reason ?? "" });
      return choice(iptablesBackend(runner, { countsAttempts: capabilities.ipset.available }), { kind: "explicit" });
    case "dry-run":
      return choice(dryRunBackend(options.dryRunFile), { kind: "explicit" });
    case undefined:
      if (nftables.available) return choice(nftablesBackend(runner), { kind: "nftables" });
      if (iptables.available) return choice(iptablesBackend(runner, { countsAttempts: capabilities.ipset.available }), { kind: "iptablesFallback", nftables: nftables.reason ?? "" });
      return choice(dryRunBackend(options.dryRunFile), { kind: "nothingWritable", nftables: nftables.reason ?? "" });
  }
}
