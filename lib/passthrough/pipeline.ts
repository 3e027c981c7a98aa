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
  readHost,
  PROTOCOLS,
  protocolSpec,
  type HostRead,
  type HostReport,
  type KernelStatus,
  type LintasConfig,
  type Plan,
  type Network,
  type Passthrough,
  type PlanRefusal,
  type PlanWarning,
} from "../../netfilter";
import { audit, cliActor } from "../audit";
import { ApplyFailedError, InputError, warning, type Warning } from "../errors";
import { message } from "../i18n";
import { commitPending, discardPending, loadPending, savePending } from "../settings";
import { forgetCapabilities } from "./capabilities-cache";
import { ownerName } from "./host-messages";
import { environment, type Environment } from "./environment";
import { refusalMessage } from "./messages";
import type { Finding, RepairCause } from "./repair";
import type { ApplyReport, RouterOptions } from "./types";

export type ApplyRequest = {
  desired: LintasConfig;
  /** The stored config the change starts from; absent for a re-apply of the stored config as it is. */
  previous?: { network?: Network; passthrough: Passthrough };
  interfacesMustExist: boolean;
  /** A re-apply by the watcher: why it looked and what it found missing, for the audit entry. */
  repair?: { cause: RepairCause; found: Finding[] };
};

/** Runs one apply and audits it. Call inside withApplyLock. */
export async function applyPipeline(request: ApplyRequest, options: RouterOptions): Promise<ApplyReport> {
  const actor = options.actor ?? cliActor();
  const action = request.previous ? "config.change" : request.repair ? "config.repair" : "config.reapply";
  const detail = {
    before: request.previous ?? null,
    after: request.desired,
    changes: request.previous ? configDiff(request.previous, request.desired) : undefined,
    repair: request.repair,
  };
  try {
    const report = await run(request, options);
    const openings = report.openings.added.length + report.openings.removed.length > 0 ? { openings: report.openings } : {};
    audit({ actor, action, ok: true, detail: { ...detail, backend: report.backend, cut: report.cut, ...openings } });
    return report;
  } catch (error) {
    // Bad input changed nothing and is not an event; a refused apply is, and the kernel may have changed
    // under the cached probe (a module unloaded, a helper gone): the next operation probes again.
    if (error instanceof ApplyFailedError) {
      await forgetCapabilities();
      audit({ actor, action, ok: false, detail: { ...detail, error: error.text } });
    }
    throw error;
  }
}

async function run(request: ApplyRequest, options: RouterOptions): Promise<ApplyReport> {
  const started = performance.now();
  const desired = configSchema.parse(request.desired);
  const env = await environment(options);
  const { backend } = env.choice;

  // plan: the dry-run backend records rules only, so it leaves the host firewall unread and untouched
  const [interfaces, kernelBefore, hostBefore] = await Promise.all([
    listInterfaces(env.runner),
    request.previous ? undefined : readKernel(env, desired),
    backend.name === "dry-run" ? undefined : readHost(env.runner),
  ]);
  const planned = planApply({
    desired,
    previous: request.previous,
    capabilities: env.capabilities,
    interfaces: new Set(interfaces),
    interfacesMustExist: request.interfacesMustExist,
    kernel: kernelBefore,
    host: hostBefore,
  });
  if (!planned.ok) throw refusalError(planned.refusal);
  const { plan } = planned;
  const plannedAt = performance.now();

  // apply: pending first, so a crash before the commit is found and reconciled
  savePending(desired);
  crashPoint("after-pending");
  try {
    await backend.apply(plan.ruleset);
  } catch (error) {
    discardPending();
    if (error instanceof ApplyError) throw new ApplyFailedError(refusalMessage(error.refusal));
    throw error;
  }
  crashPoint("after-apply");
  commitPending(backend.name);
  const appliedAt = performance.now();

  // the host firewall: Lintas's openings added and removed after its own table, then judged again as it now is
  const warnings = plan.warnings.map(warningOf);
  const host = hostBefore && (await openHost(env, plan, hostBefore, desired, warnings));
  const changes = plan.host?.changes;
  const openings = { added: changes?.add.map(openingText) ?? [], removed: changes?.remove.map(openingText) ?? [] };
  const hostAt = performance.now();

  // Open flows of what changed are cut now that the kernel (and the host firewall) drop their next packets as
  // new flows: clean-up, not enforcement, so it runs beside the read-back (the panel: after its answer is sent,
  // options.cutFlowsAfter) and the apply lock stays held until it is done.
  const cut = backend.name === "dry-run" || !env.capabilities.conntrack.available ? [] : plan.cut;
  if (plan.cut.length > 0 && backend.name !== "dry-run" && !env.capabilities.conntrack.available) {
    warnings.push(warning(message("warning.flowsNotCut", { reason: env.capabilities.conntrack.reason ?? "" })));
  }
  const flowsCut = (options.cutFlowsAfter ?? Promise.resolve()).then(() =>
    cut.length === 0 ? 0 : cutFlows(env.runner, PROTOCOLS.filter((p) => cut.includes(p.id))),
  );
  // Observed here so a failure never goes unhandled when no caller waits for it; callers await the same promise.
  flowsCut.catch(() => undefined);

  // verify: read back what the kernel now enforces
  const kernel = await readKernel(env, desired);
  const verifiedAt = performance.now();

  return {
    backend: backend.name,
    backendReason: env.choice.reason,
    capabilities: env.capabilities,
    config: desired,
    effects: plan.effects,
    kernel,
    host,
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

/** Applies the plan's opening changes (failures become warnings: Lintas's own table is in), then judges the host. */
async function openHost(env: Environment, plan: Plan, before: HostRead, desired: LintasConfig, warnings: Warning[]): Promise<HostReport> {
  const families = forwardedFamilies(env.capabilities);
  let after = before;
  const changes = plan.host?.changes;
  if (changes && changes.add.length + changes.remove.length > 0) {
    const applied = await applyOpenings(env.runner, changes);
    for (const { owner, what, error } of applied.failures) warnings.push(warning(message("warning.hostOpeningFailed", { owner: ownerName(owner), what, error })));
    // firewalld's reload runs iptables -F/-X on every table: the iptables backend's own chains go with them.
    if (applied.reloaded && env.choice.backend.name === "iptables") await env.choice.backend.apply(plan.ruleset);
    after = await readHost(env.runner);
  }
  return after.ok ? hostReport(after.ruleset, desired, families) : { readable: false, reason: after.reason };
}

export async function readKernel(env: Environment, desired: LintasConfig): Promise<KernelStatus> {
  const snapshot = await env.choice.backend.read();
  return compareWithKernel(desired, env.capabilities, env.choice.backend, snapshot);
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
  const kernel = await readKernel(env, pending);
  const outcome = kernel.inSync ? "committed" : "discarded";
  if (outcome === "committed") commitPending(env.choice.backend.name);
  else discardPending();
  audit({
    actor: options.actor ?? cliActor(),
    action: "config.recover",
    ok: true,
    detail: { pending, outcome, reason: "an apply was interrupted before it was committed" },
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
  }
}

/** Test hook: the crash-recovery test kills the process at these points (LINTAS_TEST_CRASH_AT). */
function crashPoint(name: "after-pending" | "after-apply"): void {
  if (process.env.LINTAS_TEST_CRASH_AT === name) process.kill(process.pid, "SIGKILL");
}
