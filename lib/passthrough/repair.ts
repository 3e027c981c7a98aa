// The watcher's one step: under the apply lock, compare what the stored config wants in the kernel with what is
// there and, where they differ, re-apply the stored config through the one pipeline. Level-triggered: the cause
// only says why it looked, the comparison decides.
import { NO_NAMES, readHost, TABLE_FAMILY, TABLE_NAME, type HostRead, type LintasConfig } from "../../netfilter";
import { withApplyLock } from "../apply-lock";
import { message, type Message } from "../i18n";
import { loadApplied, loadConfig } from "../settings";
import { environment, type Environment } from "./environment";
import { applyPipeline, readKernel, reconcilePending } from "./pipeline";
import type { ApplyReport, RouterOptions } from "./types";
import { hostOpeningsFinding } from "./host";
import type { MovedName } from "./re-resolve";

/**
 * Why the watcher looked: its start (a boot), its periodic check, ruleset changes made by these processes, or
 * the scopes' names resolving to other addresses (re-resolve.ts).
 */
export type RepairCause =
  | { trigger: "start" }
  | { trigger: "poll" }
  | { trigger: "names"; moved: MovedName[] }
  | {
      trigger: "ruleset";
      /** Lintas's own object that was touched, e.g. "table inet lintas"; absent when only other tables changed. */
      target?: string;
      change?: "removed" | "changed";
      by: { pid?: number; process?: string }[];
      /** How many more processes changed it, beyond those named. */
      more?: number;
    };

/**
 * One part of the desired state that was not in the kernel: what it is (a name the kernel uses, like "table inet
 * lintas", or words to translate), and what was missing or extra.
 */
export type Finding = { part: string | Message; absent: boolean; missing: string[]; extra: string[] };

/**
 * The desired state, part by part, each answering what is wrong (undefined: in place) from one read of the whole
 * ruleset where it serves (absent for the dry-run backend). The host firewall's openings (hostfw) are a second
 * part: their check plugs in here beside our own table.
 */
const DESIRED_STATE: ((env: Environment, desired: LintasConfig, read?: HostRead) => Promise<Finding | undefined>)[] = [lintasRules, hostOpeningsFinding];

async function lintasRules(env: Environment, desired: LintasConfig, read?: HostRead): Promise<Finding | undefined> {
  // Our own table from the same listing, as the pipeline's verify reads it: one `nft` started per look, not two.
  const kernel = await readKernel(env, desired, loadApplied()?.names ?? NO_NAMES, read?.ok ? read.listing : undefined);
  if (kernel.inSync) return undefined;
  const { tableMissing, missing, extra } = kernel.drift;
  const { name } = env.choice.backend;
  const part = name === "nftables" ? `table ${TABLE_FAMILY} ${TABLE_NAME}` : message("repair.backendRules", { backend: name });
  return { part, absent: tableMissing, missing, extra };
}

async function findings(env: Environment, desired: LintasConfig): Promise<Finding[]> {
  const read = env.choice.backend.name === "dry-run" ? undefined : await readHost(env.runner);
  return (await Promise.all(DESIRED_STATE.map((check) => check(env, desired, read)))).filter((f) => f !== undefined);
}

/** What a repair found, and what was still not in place after it (a re-apply that cannot fix it must not loop). */
export type Repair = { cause: RepairCause; found: Finding[]; remaining: Finding[]; report: ApplyReport };

/** Re-applies the stored config if the kernel lacks any of it; undefined when all is in place (or nothing is configured). */
export function repairDrift(cause: RepairCause, options: RouterOptions = {}): Promise<Repair | undefined> {
  return withApplyLock(
    async () => {
      await reconcilePending(options);
      const { network, passthrough } = loadConfig();
      if (!network) return undefined;
      const desired = { network, passthrough };
      const env = await environment(options);
      const found = await findings(env, desired);
      if (found.length === 0) return undefined;
      const report = await applyPipeline({ desired, interfacesMustExist: false, repair: { cause, found } }, options);
      return { cause, found, remaining: await findings(env, desired), report };
    },
    (repair) => repair?.report.flowsCut ?? Promise.resolve(),
  );
}
