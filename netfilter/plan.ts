// Planning an apply, purely: the desired config, the kernel's capabilities, the interfaces present and (for a
// re-apply) what the kernel enforces now go in; the ruleset to apply, what to warn about, what to refuse and
// which protocols' open flows to cut come out. Then, from the ruleset as read once Lintas's table is in, the
// openings in the host firewall. The pipeline in lib/ runs both; their tests need no root.
import type { Capabilities } from "./capabilities";
import type { LintasConfig, Network, Passthrough } from "./config";
import type { HostRead } from "./hostfw/read";
import { planOpenings, type HostPlan } from "./hostfw/plan";
import { openingProtocol } from "./hostfw/report";
import type { IpFamily } from "./hostfw/model";
import type { Ruleset } from "./model";
import { flowEnabled, PROTOCOLS, protocolSpec, type ProtocolId } from "./protocols";
import { render, type ProtocolEffect } from "./render";
import type { ScopeNames } from "./scope";
import { narrowedProtocols } from "./switches";
import type { KernelStatus } from "./status";

export type InterfaceRole = "LAN" | "WAN";

export type PlanWarning =
  | { code: "interface-missing"; role: InterfaceRole; name: string }
  | { code: "stored-on-unavailable"; protocol: ProtocolId; reason: string }
  /** A switch with a deadline, and a kernel that cannot match on time: only the watcher turns it off. */
  | { code: "deadline-watcher-only"; protocol: ProtocolId; reason: string }
  | { code: "host-unreadable"; reason: string };

export type PlanRefusal =
  | { code: "interface-missing"; role: InterfaceRole; name: string; field: "lan" | "wan" }
  | { code: "cannot-turn-on"; protocol: ProtocolId; reason: string };

export type Plan = {
  ruleset: Ruleset;
  effects: Record<ProtocolId, ProtocolEffect>;
  warnings: PlanWarning[];
  /** Protocols whose open flows must be cut once the ruleset is in: the change blocks some of their traffic now (or the network changed). */
  cut: ProtocolId[];
};

export type PlanInput = {
  desired: LintasConfig;
  /** The stored config the change starts from; absent when the stored config is re-applied as it is. */
  previous?: { network?: Network; passthrough: Passthrough };
  capabilities: Capabilities;
  /** Interface names present on the router now. */
  interfaces: ReadonlySet<string>;
  /** A new network setting must name existing interfaces; a re-apply or switch change only warns (a PPP or
   *  VLAN interface may come up after the firewall, and nft matches names, not devices). */
  interfacesMustExist: boolean;
  /** For a re-apply: the kernel compared with the desired config; protocols it does not enforce are cut. */
  kernel?: KernelStatus;
  /** What the scopes' names resolve to now. */
  names?: ScopeNames;
};

export type PlanResult = { ok: true; plan: Plan } | { ok: false; refusal: PlanRefusal };

export function planApply(input: PlanInput): PlanResult {
  const { desired, previous, capabilities, interfaces, interfacesMustExist } = input;
  const warnings: PlanWarning[] = [];

  const { lanInterfaces, wanInterface } = desired.network;
  const missing = [
    ...lanInterfaces.filter((name) => !interfaces.has(name)).map((name) => ({ name, role: "LAN" as const, field: "lan" as const })),
    ...(interfaces.has(wanInterface) ? [] : [{ name: wanInterface, role: "WAN" as const, field: "wan" as const }]),
  ];
  for (const { name, role, field } of missing) {
    if (interfacesMustExist) return { ok: false, refusal: { code: "interface-missing", role, name, field } };
    warnings.push({ code: "interface-missing", role, name });
  }

  // Turning on a protocol this kernel cannot serve is refused. One already stored on (the helper vanished with
  // a kernel upgrade) does not hold the rest hostage: it is rendered blocked, and the plan says so.
  const { ruleset, effects } = render(desired, capabilities, input.names);
  for (const spec of PROTOCOLS) {
    const effect = effects[spec.id];
    if (effect.state !== "unavailable") continue;
    if (previous && !previous.passthrough[spec.id].enabled) {
      return { ok: false, refusal: { code: "cannot-turn-on", protocol: spec.id, reason: effect.reason } };
    }
    warnings.push({ code: "stored-on-unavailable", protocol: spec.id, reason: effect.reason });
  }
  if (!capabilities.deadline.available) {
    const timed = PROTOCOLS.filter((spec) => effects[spec.id].state === "active" && desired.passthrough[spec.id].expiry);
    warnings.push(...timed.map((spec) => ({ code: "deadline-watcher-only" as const, protocol: spec.id, reason: capabilities.deadline.reason ?? "" })));
  }

  const cut = previous ? changedProtocols(previous, desired) : outOfSync(desired, input.kernel);
  return { ok: true, plan: { ruleset, effects, warnings, cut } };
}

export type HostOpeningsInput = {
  /** The host firewall beside Lintas (everything but its own table), read once Lintas's table is in. */
  host: Pick<Extract<HostRead, { ok: true }>, "ok" | "ruleset"> | Extract<HostRead, { ok: false }>;
  desired: LintasConfig;
  effects: Record<ProtocolId, ProtocolEffect>;
  capabilities: Pick<Capabilities, "forwarding">;
};

/**
 * Lintas's openings in the host firewall: what to add and remove (absent when the host could not be read: a
 * warning then), and the protocols whose openings go away: their open flows passed through them, so they are cut.
 */
export function planHost({ host, desired, effects, capabilities }: HostOpeningsInput): { host?: HostPlan; warnings: PlanWarning[]; cut: ProtocolId[] } {
  if (!host.ok) return { warnings: [{ code: "host-unreadable", reason: host.reason }], cut: [] };
  const planned = planOpenings(host.ruleset, { config: desired, effects, families: forwardedFamilies(capabilities) });
  const closed = new Set(planned.changes.remove.map(openingProtocol));
  return { host: planned, warnings: [], cut: PROTOCOLS.map((p) => p.id).filter((id) => closed.has(id)) };
}

/** The IP families the router forwards (IPv4 when it forwards none: that is what a protocol is judged for then). */
export function forwardedFamilies(capabilities: Pick<Capabilities, "forwarding">): IpFamily[] {
  const families = (["ipv4", "ipv6"] as const).filter((family) => capabilities.forwarding[family]);
  return families.length > 0 ? families : ["ipv4"];
}

function changedProtocols(previous: { network?: Network; passthrough: Passthrough }, next: LintasConfig): ProtocolId[] {
  // The host-firewall mode changes openings in another firewall, not Lintas's rules: those cut their own flows.
  const rules = (network?: Network) => network && { ...network, hostFirewall: undefined };
  const networkChanged = JSON.stringify(rules(previous.network)) !== JSON.stringify(rules(next.network));
  return networkChanged ? PROTOCOLS.map((p) => p.id) : narrowedProtocols(previous.passthrough, next.passthrough);
}

/**
 * A re-apply cuts the protocols the kernel did not enforce, where the config blocks some of their flows: those
 * flows may have opened meanwhile. One whose every flow is meant to pass keeps its flows, so a firewall reload
 * that removed our table (the watcher's repair) does not drop every VPN session through the router; sessions
 * opened in the gap without the conntrack helper stay as they are until they reconnect. Without a kernel
 * read-back every protocol counts as out of sync: cutting too much is safe, too little is not.
 */
function outOfSync(desired: LintasConfig, kernel: KernelStatus | undefined): ProtocolId[] {
  if (!kernel) return PROTOCOLS.map((p) => p.id);
  const blocksSome = (id: ProtocolId) => protocolSpec(id).flows.some((flow) => !flowEnabled(desired.passthrough, id, flow));
  return kernel.protocols.filter((p) => !p.inSync && blocksSome(p.id)).map((p) => p.id);
}
