// The one path to the kernel: plan -> apply -> verify. The CLI, the server actions and the watcher all end here, inside the apply lock. Desired state and kernel agree whatever fails: the new config is written
// as pending, applied, then committed; a refused apply discards it; a crash in between is reconciled by
// reconcilePending at the next operation.
import {
  ApplyError,
  applyOpenings,
  compareWithKernel,
  configDiff,
  configSchema,
  cutFlows,
  forwardedFamilies,
  hostReport,
  listInterfaces,
  openingText,
  planApply,
  planHost,
  readHost,
  trafficOf,
  startFlowCut,
  PROTOCOLS,
  protocolSpec,
  type HostRead,
  type KernelStatus,
  type LintasConfig,
  type NftListing,
  type OpeningChanges,
  type Plan,
  type Network,
  type Passthrough,
  type PlanRefusal,
  type PlanWarning,
  type ProtocolId,
  type ScopeNames,
} from "../../netfilter";
import { audit, cliActor } from "../audit";
import { ApplyFailedError, InputError, warning, type Warning } from "../errors";
import { message } from "../i18n";
import { commitPending, discardPending, loadApplied, loadPending, savePending } from "../settings";
import { forgetCapabilities } from "./capabilities-cache";
import { ownerName } from "./host-messages";
import { environment, type Environment } from "./environment";
import { refusalMessage } from "./messages";
import type { Finding, RepairCause } from "./repair";
import { unresolvedError, unresolvedWarning } from "./scope-messages";
import { resolveScopeNames } from "./scope-names";
import type { ApplyReport, RouterOptions } from "./types";

export type ApplyRequest = {
  desired: LintasConfig;
  /** The stored config the change starts from; absent for a re-apply of the stored config as it is. */
  previous?: { network?: Network; passthrough: Passthrough };
  interfacesMustExist: boolean;
  /**
   * A re-apply by the watcher: why it looked and what it found missing, for the audit entry. With `previous` (the
   * stored config itself: names that moved) it cuts no open flow, the config being the same.
   */
  repair?: { cause: RepairCause; found: Finding[] };
  /** Switches turned off because their deadline passed, with the time they had been given (seconds). */
  expired?: { protocol: ProtocolId; seconds: number }[];
};

/** Runs one apply and audits it. Call inside withApplyLock. */
export async function applyPipeline(request: ApplyRequest, options: RouterOptions): Promise<ApplyReport> {
  const actor = options.actor ?? cliActor();
  const action = request.expired ? "config.expire" : request.repair ? "config.repair" : request.previous ? "config.change" : "config.reapply";
  const detail = {
    before: request.previous ?? null,
    after: request.desired,
    changes: request.previous ? configDiff(request.previous, request.desired) : undefined,
    repair: request.repair,
    expired: request.expired,
  };
  // What run() started that must not outlive a failure of it.
  const onFailure: (() => void)[] = [];
  try {
    const report = await run(request, options, onFailure);
    const openings = report.openings.added.length + report.openings.removed.length > 0 ? { openings: report.openings } : {};
    audit({ actor, action, ok: true, detail: { ...detail, backend: report.backend, cut: report.cut, ...openings } });
    return report;
  } catch (error) {
    for (const stop of onFailure) stop();
    // Bad input changed nothing and is not an event; a refused apply is, and the kernel may have changed
    // under the cached probe (a module unloaded, a helper gone): the next operation probes again.
    if (error instanceof ApplyFailedError) {
      await forgetCapabilities();
      audit({ actor, action, ok: false, detail: { ...detail, error: error.text } });
    }
    throw error;
  }
}

async function run(request: ApplyRequest, options: RouterOptions, onFailure: (() => void)[]): Promise<ApplyReport> {
  const started = performance.now();
  const desired = configSchema.parse(request.desired);
  const env = await environment(options);
  const { backend } = env.choice;
  // What the replace carries over (blocked attempts) is read beside the planning, not after it.
  const carried = backend.readCarried?.();
  carried?.catch(() => undefined);

  // plan: the scopes' names resolved now (a name being added must stand for something), then the rules
  const resolution = await resolveScopeNames(desired, request.previous?.passthrough, env.runner, options.lookupHost, loadApplied()?.names);
  const refusedName = resolution.unresolved.find((name) => name.isNew);
  if (refusedName) throw unresolvedError(refusedName);
  const { names } = resolution;
  const [interfaces, kernelBefore] = await Promise.all([listInterfaces(env.runner), request.previous ? undefined : readKernel(env, desired, names)]);
  const planned = planApply({
    desired,
    previous: request.previous,
    capabilities: env.capabilities,
    interfaces: new Set(interfaces),
    interfacesMustExist: request.interfacesMustExist,
    kernel: kernelBefore,
    names,
  });
  if (!planned.ok) throw refusalError(planned.refusal);
  const { plan } = planned;
  const plannedAt = performance.now();

  // Open flows of what changed are cut once the kernel and the host firewall drop their next packets as new
  // flows (below). When the plan names some already, the program that cuts starts now: its start overlaps the
  // apply, and it learns which protocols once the host firewall is read too (none, should this run fail).
  const cutAhead = canCut(env) && plan.cut.length > 0 ? startFlowCut(env.runner) : undefined;
  if (cutAhead) onFailure.push(() => void cutAhead.cut(Promise.resolve([])));

  // apply: pending first, so a crash before the commit is found and reconciled
  savePending(desired, names);
  crashPoint("after-pending");
  try {
    await backend.apply(plan.ruleset, carried);
  } catch (error) {
    discardPending();
    if (error instanceof ApplyError) throw new ApplyFailedError(refusalMessage(error.refusal));
    throw error;
  }
  crashPoint("after-apply");
  commitPending(backend.name);
  const appliedAt = performance.now();

  // One read of the whole ruleset, now that Lintas's table is in, gives the host firewall beside it and (for
  // nftables) the read-back of that table. The dry-run backend records rules only: the host stays unread.
  const hostRead = backend.name === "dry-run" ? undefined : await readHost(env.runner);
  const hostPlan = hostRead && planHost({ host: hostRead, desired, effects: plan.effects, capabilities: env.capabilities });
  const warnings = [...[...plan.warnings, ...(hostPlan?.warnings ?? [])].map(warningOf), ...resolution.unresolved.map(unresolvedWarning)];
  const changes = hostPlan?.host?.changes;
  const openings = { added: changes?.add.map(openingText) ?? [], removed: changes?.remove.map(openingText) ?? [] };
  const hostAfter = hostRead?.ok && changes ? await openHost(env, plan, changes, hostRead, warnings) : hostRead;
  const families = forwardedFamilies(env.capabilities);
  const host = hostAfter && (hostAfter.ok ? hostReport(hostAfter.ruleset, desired, families) : { readable: false as const, reason: hostAfter.reason });
  const hostAt = performance.now();

  // Open flows of what changed are cut now that the kernel (and the host firewall) drop their next packets as
  // new flows: clean-up, not enforcement, so it runs beside the read-back (the panel: after its answer is sent,
  // options.cutFlowsAfter) and the apply lock stays held until it is done. It may be running already (cutAhead).
  const toCut = [...new Set([...plan.cut, ...(hostPlan?.cut ?? [])])];
  const cut = canCut(env) ? toCut : [];
  if (toCut.length > 0 && backend.name !== "dry-run" && !env.capabilities.conntrack.available) {
    warnings.push(warning(message("warning.flowsNotCut", { reason: env.capabilities.conntrack.reason ?? "" })));
  }
  const protocols = PROTOCOLS.filter((p) => cut.includes(p.id));
  const cutAfter = options.cutFlowsAfter ?? Promise.resolve();
  const flowsCut = cutAhead ? cutAhead.cut(cutAfter.then(() => protocols)) : cutAfter.then(() => cutFlows(env.runner, protocols));
  // Observed here so a failure never goes unhandled when no caller waits for it; callers await the same promise.
  flowsCut.catch(() => undefined);

  // verify: what the kernel now enforces, from the listing just read where the backend can use it
  const listing = hostAfter?.ok ? hostAfter.listing : undefined;
  const kernel = await readKernel(env, desired, names, listing);
  // The same read judges what the traffic meets now, Lintas's table and every other firewall together.
  const traffic = trafficOf(hostAfter, desired, kernel, families);
  const verifiedAt = performance.now();

  return {
    backend: backend.name,
    backendReason: env.choice.reason,
    capabilities: env.capabilities,
    config: desired,
    effects: plan.effects,
    kernel,
    host,
    traffic,
    openings,
    cut,
    flowsCut,
    warnings,
    timings: {
      planMs: plannedAt - started,
      applyMs: appliedAt - plannedAt,
      hostMs: hostAt - appliedAt,
      verifyMs: verifiedAt - hostAt,
      totalMs: verifiedAt - started,
    },
  };
}

const canCut = (env: Environment) => env.choice.backend.name !== "dry-run" && env.capabilities.conntrack.available;

/** Applies the opening changes (failures become warnings: Lintas's own table is in); the host as it is then. */
async function openHost(env: Environment, plan: Plan, changes: OpeningChanges, before: HostRead, warnings: Warning[]): Promise<HostRead> {
  if (changes.add.length + changes.remove.length === 0) return before;
  const applied = await applyOpenings(env.runner, changes);
  for (const { owner, what, error } of applied.failures) warnings.push(warning(message("warning.hostOpeningFailed", { owner: ownerName(owner), what, error })));
  // firewalld's reload runs iptables -F/-X on every table: the iptables backend's own chains go with them.
  if (applied.reloaded && env.choice.backend.name === "iptables") await env.choice.backend.apply(plan.ruleset);
  return readHost(env.runner);
}

/**
 * The kernel compared with a config, its scopes' names standing for what they resolved to when it was applied.
 * From `listing` (the whole ruleset, read already) where the backend finds its own rules in it; else read now.
 */
export async function readKernel(env: Environment, desired: LintasConfig, names: ScopeNames, listing?: NftListing): Promise<KernelStatus> {
  const { backend } = env.choice;
  const snapshot = listing && backend.snapshotIn ? backend.snapshotIn(listing) : await backend.read();
  return compareWithKernel(desired, env.capabilities, backend, snapshot, names);
}

/**
 * A pending config left by a process that died between writing it and committing it. The kernel transaction
 * is atomic, so the kernel holds either the pending config (the apply went in: commit it) or the stored one
 * (it did not: drop it). Call inside withApplyLock; returns what it did, or undefined when nothing was pending.
 */
export async function reconcilePending(options: RouterOptions): Promise<"committed" | "discarded" | undefined> {
  const pending = loadPending();
  if (!pending) return undefined;
  const env = await environment(options);
  const kernel = await readKernel(env, pending.config, pending.names);
  const outcome = kernel.inSync ? "committed" : "discarded";
  if (outcome === "committed") commitPending(env.choice.backend.name);
  else discardPending();
  audit({
    actor: options.actor ?? cliActor(),
    action: "config.recover",
    ok: true,
    detail: { pending: pending.config, outcome, reason: "an apply was interrupted before it was committed" },
  });
  return outcome;
}

function refusalError(refusal: PlanRefusal): Error {
  switch (refusal.code) {
    case "interface-missing":
      return new InputError(message("error.interfaceMissing", { role: refusal.role, name: refusal.name }), refusal.field);
    case "cannot-turn-on":
      return new ApplyFailedError(message("error.cannotTurnOn", { protocol: protocolSpec(refusal.protocol).title, reason: refusal.reason }));
  }
}

function warningOf(planned: PlanWarning): Warning {
  switch (planned.code) {
    case "interface-missing":
      return warning(message("warning.interfaceMissing", { role: planned.role, name: planned.name }));
    case "stored-on-unavailable":
      return warning(message("warning.storedOnButBlocked", { protocol: protocolSpec(planned.protocol).title, reason: planned.reason }));
    case "host-unreadable":
      return warning(message("warning.hostUnreadable", { reason: planned.reason }));
    case "deadline-watcher-only":
      return warning(message("warning.deadlineWatcherOnly", { protocol: protocolSpec(planned.protocol).title, reason: planned.reason }));
  }
}

/** Test hook: the crash-recovery test kills the process at these points (LINTAS_TEST_CRASH_AT). */
function crashPoint(name: "after-pending" | "after-apply"): void {
  if (process.env.LINTAS_TEST_CRASH_AT === name) process.kill(process.pid, "SIGKILL");
}
