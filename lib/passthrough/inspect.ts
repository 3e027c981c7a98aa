// Looking at the router without changing it: status read back from the kernel, previews, open flows.
import {
  compareWithKernel,
  forwardedFamilies,
  hostReport,
  listVpnFlows,
  openFlowCounts,
  readHost,
  render,
  trafficOf,
  type BackendName,
  type BackendWhy,
  type Capabilities,
  type HostReport,
  type KernelStatus,
  type Network,
  type Passthrough,
  type FlowsPage,
  type PassthroughChanges,
  type ProtocolId,
  type TrafficVerdict,
  NO_NAMES,
  PROTOCOL_IDS,
  scopeCounterName,
  type CounterValue,
} from "../../netfilter";
import { lineDiff, type DiffLine } from "../diff";
import { withApplyLock } from "../apply-lock";
import { loadApplied, loadConfig, loadPending, type AppliedInfo } from "../settings";
import { mergePassthrough } from "./change";
import { loadReminderDays } from "../reminder";
import { flowStrategy } from "./flow-strategy";
import { environment, requireNetwork } from "./environment";
import { reconcilePending } from "./pipeline";
import { resolveScopeNames } from "./scope-names";
import type { RouterOptions } from "./types";

export async function showConfig(options: RouterOptions = {}) {
  await settle(options);
  return loadConfig();
}

/** Before reading the stored config: finish what a crashed apply left pending (under the lock, so an apply
 *  running now in another process is waited for, not mistaken for a crash). */
async function settle(options: RouterOptions): Promise<void> {
  if (loadPending()) await withApplyLock(() => reconcilePending(options));
}

export type Preview = { backend: BackendName; before: string; after: string; diff: DiffLine[] };

/** The exact ruleset change a set of switch changes would make, before anything is applied. */
export async function previewPassthrough(changes: PassthroughChanges, options: RouterOptions = {}): Promise<Preview> {
  await settle(options);
  const stored = await loadConfig();
  const network = requireNetwork(stored.network);
  const next = mergePassthrough(stored.passthrough, changes);
  const env = await environment(options);
  const { backend } = env.choice;
  const { names } = await resolveScopeNames({ network, passthrough: next }, stored.passthrough, env.runner, options.lookupHost);
  const before = backend.text(render({ network, passthrough: stored.passthrough }, env.capabilities, loadApplied()?.names ?? NO_NAMES).ruleset);
  const after = backend.text(render({ network, passthrough: next }, env.capabilities, names).ruleset);
  return { backend: backend.name, before, after, diff: lineDiff(before, after) };
}

/** What would be applied for the stored config, in a backend's syntax. Applies nothing. */
export async function renderStored(options: RouterOptions = {}): Promise<{ backend: BackendName; text: string }> {
  await settle(options);
  const stored = await loadConfig();
  const config = { network: requireNetwork(stored.network), passthrough: stored.passthrough };
  const env = await environment(options);
  // What an apply would do now: the scopes' names resolved as it would resolve them.
  const { names } = await resolveScopeNames(config, undefined, env.runner, options.lookupHost);
  const rendered = render(config, env.capabilities, names);
  return { backend: env.choice.backend.name, text: env.choice.backend.text(rendered.ruleset) };
}

export type StatusReport = {
  backend: BackendName;
  backendReason: string;
  backendWhy: BackendWhy;
  capabilities: Capabilities;
  network?: Network;
  passthrough: Passthrough;
  applied?: AppliedInfo;
  kernel?: KernelStatus;
  /** What the host firewall beside Lintas does to each protocol; absent for the dry-run backend or no network. */
  host?: HostReport;
  /** What each protocol's traffic meets through every firewall on the forward path, Lintas's included. */
  traffic?: Record<ProtocolId, TrafficVerdict>;
  listing: string;
  /** Per scoped protocol, what it dropped outside its scope (nftables' named counters; absent where not counted). */
  outsideScope: Partial<Record<ProtocolId, CounterValue>>;
  /** A switch on for more than this many days is flagged (lib/reminder.ts). */
  reminderDays: number;
};

/** Rules, per-protocol state and drift, read back from the kernel. Open flows are asked for separately. */
export async function status(options: RouterOptions = {}): Promise<StatusReport> {
  await settle(options);
  const [stored, applied, env] = await Promise.all([loadConfig(), loadApplied(), environment(options)]);
  const { backend, reason, why } = env.choice;
  const [snapshot, host] = await Promise.all([backend.read({ listing: true }), backend.name === "dry-run" || !stored.network ? undefined : readHost(env.runner)]);
  const config = stored.network && { network: stored.network, passthrough: stored.passthrough };
  const kernel = config ? compareWithKernel(config, env.capabilities, backend, snapshot, applied?.names) : undefined;
  const families = forwardedFamilies(env.capabilities);
  return {
    backend: backend.name,
    backendReason: reason,
    backendWhy: why,
    capabilities: env.capabilities,
    network: stored.network,
    passthrough: stored.passthrough,
    applied,
    kernel,
    host: host && config && (host.ok ? hostReport(host.ruleset, config, families) : { readable: false, reason: host.reason }),
    traffic: config && kernel && trafficOf(host, config, kernel, families),
    listing: snapshot.listing ?? "",
    reminderDays: loadReminderDays(),
    outsideScope: Object.fromEntries(
      PROTOCOL_IDS.flatMap((id) => {
        const counter = snapshot.counters?.[scopeCounterName(id)];
        return counter ? [[id, counter]] : [];
      }),
    ),
  };
}

/** A page of the VPN flows open through the router, and how many there are (none where conntrack cannot be asked). */
export type OpenFlows = FlowsPage & { unavailable?: string };

export async function openFlows(options: RouterOptions = {}, page: { offset?: number; limit?: number } = {}): Promise<OpenFlows> {
  const env = await environment(options);
  if (!env.capabilities.conntrack.available) return { flows: [], total: 0, unavailable: env.capabilities.conntrack.reason };
  return listVpnFlows(env.runner, page, flowStrategy(env));
}

/** How many VPN flows are open per protocol; undefined where conntrack cannot be asked. */
export type FlowCounts = { counts?: Record<ProtocolId, number>; unavailable?: string };

export async function flowCounts(options: RouterOptions = {}): Promise<FlowCounts> {
  const env = await environment(options);
  if (!env.capabilities.conntrack.available) return { unavailable: env.capabilities.conntrack.reason };
  return { counts: await openFlowCounts(env.runner, flowStrategy(env)) };
}
