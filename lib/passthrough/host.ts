// For a watcher (lintas watch): after a ruleset change, does the host firewall still hold Lintas's openings for
// the stored config? One read of the ruleset, then the pure check; it changes nothing. When `holds` is false the
// watcher re-applies through the pipeline (applyStored), which puts back exactly what is missing.
import { checkHost, forwardedFamilies, readHost, render, type HostCheck } from "../../netfilter";
import { loadConfig } from "../settings";
import { environment, requireNetwork } from "./environment";
import type { RouterOptions } from "./types";

export type HostOpeningsCheck = HostCheck | { holds: true; skipped: "dry-run" } | { holds: true; unreadable: string };

export async function checkHostOpenings(options: RouterOptions = {}): Promise<HostOpeningsCheck> {
  const env = await environment(options);
  // Nothing to hold for a backend that touches no firewall, nor anything a re-apply could fix when it cannot read.
  if (env.choice.backend.name === "dry-run") return { holds: true, skipped: "dry-run" };
  const stored = loadConfig();
  const config = { network: requireNetwork(stored.network), passthrough: stored.passthrough };
  const host = await readHost(env.runner);
  if (!host.ok) return { holds: true, unreadable: host.reason };
  const { effects } = render(config, env.capabilities);
  return checkHost(host.ruleset, { config, effects, families: forwardedFamilies(env.capabilities) });
}
