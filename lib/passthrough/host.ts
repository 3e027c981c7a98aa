// For the watcher (lintas watch) and uninstall: does the host firewall still hold Lintas's openings for a config,
// and taking every one of them out. One read of the ruleset, then the pure check; checking changes nothing. When
// the openings do not hold the watcher re-applies through the pipeline (applyStored), which puts back exactly
// what is missing and takes out what is left over.
import {
  checkHost,
  forwardedFamilies,
  openingText,
  readHost,
  removeAllOpenings,
  render,
  type HostCheck,
  type HostRead,
  type LintasConfig,
  type Runner,
  type ToolCapabilities,
} from "../../netfilter";
import { message, type Message } from "../i18n";
import { loadConfig } from "../settings";
import { environment, requireNetwork, type Environment } from "./environment";
import type { RouterOptions } from "./types";

export type HostOpeningsCheck = HostCheck | { holds: true; skipped: "dry-run" } | { holds: true; unreadable: string };

/**
 * Whether the host firewall holds what `desired` needs of it (a host that cannot be read: nothing to re-apply).
 * `read`: the ruleset as a caller read it already (the watcher reads it once for both of its checks).
 */
export async function hostOpeningsCheck(env: Environment, desired: LintasConfig, read?: HostRead): Promise<HostOpeningsCheck> {
  if (env.choice.backend.name === "dry-run") return { holds: true, skipped: "dry-run" };
  const host = read ?? (await readHost(env.runner));
  if (!host.ok) return { holds: true, unreadable: host.reason };
  const { effects } = render(desired, env.capabilities);
  return checkHost(host.ruleset, { config: desired, effects, families: forwardedFamilies(env.capabilities) });
}

/** The same for the stored config. */
export async function checkHostOpenings(options: RouterOptions = {}): Promise<HostOpeningsCheck> {
  const stored = loadConfig();
  const desired = { network: requireNetwork(stored.network), passthrough: stored.passthrough };
  return hostOpeningsCheck(await environment(options), desired);
}

/**
 * The watcher's finding for the host firewall, shaped like its own (lib/passthrough/repair.ts `Finding`): one
 * part of the desired state, "Lintas's openings in the host firewall", with the openings missing and left over.
 */
export async function hostOpeningsFinding(env: Environment, desired: LintasConfig, read?: HostRead): Promise<{ part: Message; absent: boolean; missing: string[]; extra: string[] } | undefined> {
  const check = await hostOpeningsCheck(env, desired, read);
  if (check.holds) return undefined;
  return { part: message("repair.hostOpenings"), absent: false, missing: check.missing.map(openingText), extra: check.leftover.map(openingText) };
}

/** Uninstall's remover (lib/passthrough/remove.ts `Remover`): every opening out, whatever config made it. */
export const hostOpeningsRemover = {
  what: "Lintas's openings in the host firewall",
  usable: (tools: ToolCapabilities) => tools.nftables.available,
  async remove(runner: Runner): Promise<boolean> {
    const result = await removeAllOpenings(runner);
    if ("unreadable" in result) return false;
    if (result.failures.length > 0) throw new Error(result.failures.map((f) => `${f.owner} (${f.what}): ${f.error}`).join("; "));
    return result.removed > 0;
  },
};
