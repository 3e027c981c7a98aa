// Picks the backend from the probe: nftables where nft works, iptables where only iptables-restore does,
// dry-run where the process may not touch the firewall. An explicit choice wins but must be usable.
import type { Capabilities } from "../capabilities";
import { commandRunner, type Runner } from "../exec";
import { dryRunBackend } from "./dry-run";
import { iptablesBackend } from "./iptables";
import { nftablesBackend } from "./nftables";
import { ApplyError, type Backend, type BackendName } from "./types";

export type BackendChoice = { backend: Backend; reason: string };

export function chooseBackend(
  capabilities: Capabilities,
  options: { override?: BackendName; runner?: Runner; dryRunFile: string },
): BackendChoice {
  const runner = options.runner ?? commandRunner();
  const { nftables, iptables } = capabilities;
  switch (options.override) {
    case "nftables":
      if (!nftables.available) throw new ApplyError({ kind: "backend", backend: "nftables", reason: nftables.reason ?? "" });
      return { backend: nftablesBackend(runner), reason: "chosen explicitly" };
    case "iptables":
      if (!iptables.available) throw new ApplyError({ kind: "backend", backend: "iptables", reason: iptables.reason ?? "" });
      return { backend: iptablesBackend(runner), reason: "chosen explicitly" };
    case "dry-run":
      return { backend: dryRunBackend(options.dryRunFile), reason: "chosen explicitly" };
    case undefined:
      if (nftables.available) return { backend: nftablesBackend(runner), reason: "nft works here" };
      if (iptables.available) return { backend: iptablesBackend(runner), reason: `iptables fallback: ${nftables.reason}` };
      return {
        backend: dryRunBackend(options.dryRunFile),
        reason: `no firewall can be changed here (${nftables.reason}); rules are rendered and recorded only`,
      };
  }
}
