// Changing the router: switches, network, re-apply. One path to the kernel (applyConfig), one apply at a time.
import {
  ApplyError,
  compareWithKernel,
  configDiff,
  configSchema,
  cutFlows,
  listInterfaces,
  networkSchema,
  passthroughSchema,
  PROTOCOLS,
  protocolSpec,
  render,
  type LintasConfig,
  type Network,
  type Passthrough,
  type PassthroughChanges,
  type ProtocolEffect,
  type ProtocolId,
} from "../../netfilter";
import { withApplyLock } from "../apply-lock";
import { audit, CLI_ACTOR } from "../audit";
import { ApplyFailedError, InputError, warning, type Warning } from "../errors";
import { message } from "../i18n";
import { loadConfig, saveApplied } from "../settings";
import { environment, requireNetwork, type Environment } from "./environment";
import { networkIssueText, refusalMessage } from "./messages";
import type { ApplyReport, RouterOptions } from "./types";

/** Merges switch changes into the stored config, then applies and stores it. Nothing changes on error. */
export function setPassthrough(changes: PassthroughChanges, options: RouterOptions = {}): Promise<ApplyReport> {
  return withApplyLock(async () => {
    const stored = await loadConfig();
    const passthrough = mergePassthrough(stored.passthrough, changes);
    const network = requireNetwork(stored.network);
    return applyConfig({ network, passthrough }, { ...stored, network }, options, { interfacesMustExist: false });
  });
}

export function mergePassthrough(current: Passthrough, changes: PassthroughChanges): Passthrough {
  const merged = Object.fromEntries(
    Object.entries(current).map(([id, settings]) => [id, { ...settings, ...changes[id as ProtocolId] }]),
  );
  const parsed = passthroughSchema.safeParse(merged);
  if (!parsed.success) {
    const { message: reason, path } = parsed.error.issues[0]!;
    throw new InputError(message("error.switchInvalid", { key: path.join("."), reason }), path.join("."));
  }
  return parsed.data;
}

/** Replaces the network settings (fields left out keep their stored value), then applies and stores. */
export function setNetwork(changes: Partial<Network>, options: RouterOptions = {}): Promise<ApplyReport> {
  return withApplyLock(async () => {
    const stored = await loadConfig();
    const candidate = { ...stored.network, ...changes };
    const parsed = networkSchema.safeParse(candidate);
    if (!parsed.success) throw networkInputError(parsed.error.issues[0]!, candidate);
    return applyConfig({ network: parsed.data, passthrough: stored.passthrough }, stored, options, { interfacesMustExist: true });
  });
}

/** Applies the stored config as it is: idempotent, what a boot unit runs, and the drift repair. */
export function applyStored(options: RouterOptions = {}): Promise<ApplyReport> {
  return withApplyLock(async () => {
    const stored = await loadConfig();
    const config = { network: requireNetwork(stored.network), passthrough: stored.passthrough };
    return applyConfig(config, undefined, options, { interfacesMustExist: false });
  });
}

/**
 * Interfaces named in a new network setting must exist. Re-applies (boot) and switch changes only warn: a
 * PPP or VLAN interface may come up after the firewall, and nft matches interface names, not devices.
 */
type ApplyMode = { interfacesMustExist: boolean };

/**
 * The one path to the kernel: validate, check interfaces and capabilities, apply atomically, store, then cut
 * open flows of protocols that changed. `previous` is the stored config the change starts from; without it
 * (plain re-apply) the protocols the kernel did not enforce as stored count as changed.
 */
async function applyConfig(
  next: LintasConfig,
  previous: { network?: Network; passthrough: Passthrough } | undefined,
  options: RouterOptions,
  mode: ApplyMode,
): Promise<ApplyReport> {
  const actor = options.actor ?? CLI_ACTOR;
  const action = previous ? "config.change" : "config.reapply";
  const detail = { before: previous ?? null, after: next, changes: previous ? configDiff(previous, next) : undefined };
  try {
    const report = await applyChecked(next, previous, options, mode);
    await audit({ actor, action, ok: true, detail: { ...detail, backend: report.backend, cut: report.cut } });
    return report;
  } catch (error) {
    // Bad input changed nothing and is not an event; a refused apply is.
    if (error instanceof ApplyFailedError) await audit({ actor, action, ok: false, detail: { ...detail, error: error.text } });
    throw error;
  }
}

async function applyChecked(
  next: LintasConfig,
  previous: { network?: Network; passthrough: Passthrough } | undefined,
  options: RouterOptions,
  mode: ApplyMode,
): Promise<ApplyReport> {
  const config = configSchema.parse(next);
  const env = await environment(options);
  const { backend, reason } = env.choice;
  const warnings: Warning[] = [];

  const present = new Set(await listInterfaces(env.runner));
  const { lanInterfaces, wanInterface } = config.network;
  const missing = [
    ...lanInterfaces.filter((name) => !present.has(name)).map((name) => ({ name, role: "LAN", field: "lan" })),
    ...(present.has(wanInterface) ? [] : [{ name: wanInterface, role: "WAN", field: "wan" }]),
  ];
  for (const { name, role, field } of missing) {
    if (mode.interfacesMustExist) throw new InputError(message("error.interfaceMissing", { role, name }), field);
    warnings.push(warning(message("warning.interfaceMissing", { role, name })));
  }

  // Turning on a protocol this kernel cannot serve is refused. One already stored on (the helper vanished with
  // a kernel upgrade) does not hold the rest hostage: it is rendered blocked, and the apply says so.
  const rendered = render(config, env.capabilities);
  for (const [id, effect] of Object.entries(rendered.effects) as [ProtocolId, ProtocolEffect][]) {
    if (effect.state !== "unavailable") continue;
    const turningOn = previous !== undefined && !previous.passthrough[id].enabled;
    const params = { protocol: protocolSpec(id).title, reason: effect.reason };
    if (turningOn) throw new ApplyFailedError(message("error.cannotTurnOn", params));
    warnings.push(warning(message("warning.storedOnButBlocked", params)));
  }

  const changed = previous
    ? changedProtocols(previous, config)
    : await protocolsOutOfSync(config, env);

  try {
    await backend.apply(rendered.ruleset);
  } catch (error) {
    if (error instanceof ApplyError) throw new ApplyFailedError(refusalMessage(error.refusal));
    throw error;
  }
  await saveApplied(config, backend.name);

  let flowsDeleted = 0;
  if (backend.name !== "dry-run" && changed.length > 0) {
    if (env.capabilities.conntrack.available) {
      flowsDeleted = await cutFlows(env.runner, PROTOCOLS.filter((p) => changed.includes(p.id)));
    } else {
      warnings.push(warning(message("warning.flowsNotCut", { reason: env.capabilities.conntrack.reason ?? "" })));
    }
  }
  return { backend: backend.name, backendReason: reason, effects: rendered.effects, cut: changed, flowsDeleted, warnings };
}

function changedProtocols(previous: { network?: Network; passthrough: Passthrough }, next: LintasConfig): ProtocolId[] {
  const networkChanged = JSON.stringify(previous.network) !== JSON.stringify(next.network);
  return PROTOCOLS.map((p) => p.id).filter(
    (id) => networkChanged || JSON.stringify(previous.passthrough[id]) !== JSON.stringify(next.passthrough[id]),
  );
}

async function protocolsOutOfSync(config: LintasConfig, env: Environment): Promise<ProtocolId[]> {
  const snapshot = await env.choice.backend.read();
  const kernel = compareWithKernel(config, env.capabilities, env.choice.backend, snapshot);
  return kernel.protocols.filter((p) => !p.inSync).map((p) => p.id);
}

const NETWORK_FIELDS: Record<string, string> = { lanInterfaces: "lan", wanInterface: "wan", masquerade: "masquerade" };

/** A network validation issue as a message that names the field and the bad value. */
function networkInputError(issue: { path: PropertyKey[]; message: string; code: string }, input: Record<string, unknown>) {
  const key = String(issue.path[0] ?? "");
  const field = NETWORK_FIELDS[key] ?? "network";
  let value: unknown = input[key];
  if (issue.path.length > 1 && Array.isArray(value)) value = value[Number(issue.path[1])];
  if (value === undefined) return new InputError(message("error.networkRequired", { field }), field);
  const shown = typeof value === "string" ? `"${value}"` : JSON.stringify(value);
  return new InputError(message("error.networkInvalid", { field, value: shown, reason: networkIssueText(issue.message) }), field);
}
