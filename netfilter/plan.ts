// Planning an apply, purely: the desired config, the kernel's capabilities, the interfaces present and (for a
// re-apply) what the kernel enforces now go in; the ruleset to apply, what to warn about, what to refuse and
// which protocols' open flows to cut come out. The pipeline in lib/ runs it; its tests need no root.
import type { Capabilities } from "./capabilities";
import type { LintasConfig, Network, Passthrough } from "./config";
import type { Ruleset } from "./model";
import { PROTOCOLS, type ProtocolId } from "./protocols";
import { render, type ProtocolEffect } from "./render";
import type { KernelStatus } from "./status";

export type InterfaceRole = "LAN" | "WAN";

export type PlanWarning =
  | { code: "interface-missing"; role: InterfaceRole; name: string }
  | { code: "stored-on-unavailable"; protocol: ProtocolId; reason: string };

export type PlanRefusal =
  | { code: "interface-missing"; role: InterfaceRole; name: string; field: "lan" | "wan" }
  | { code: "cannot-turn-on"; protocol: ProtocolId; reason: string };

export type Plan = {
  ruleset: Ruleset;
  effects: Record<ProtocolId, ProtocolEffect>;
  warnings: PlanWarning[];
  /** Protocols whose open flows must be cut once the ruleset is in: their switch (or the network) changed. */
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
  const { ruleset, effects } = render(desired, capabilities);
  for (const spec of PROTOCOLS) {
    const effect = effects[spec.id];
    if (effect.state !== "unavailable") continue;
    if (previous && !previous.passthrough[spec.id].enabled) {
      return { ok: false, refusal: { code: "cannot-turn-on", protocol: spec.id, reason: effect.reason } };
    }
    warnings.push({ code: "stored-on-unavailable", protocol: spec.id, reason: effect.reason });
  }

  const cut = previous ? changedProtocols(previous, desired) : outOfSync(input.kernel);
  return { ok: true, plan: { ruleset, effects, warnings, cut } };
}

function changedProtocols(previous: { network?: Network; passthrough: Passthrough }, next: LintasConfig): ProtocolId[] {
  const networkChanged = JSON.stringify(previous.network) !== JSON.stringify(next.network);
  return PROTOCOLS.map((p) => p.id).filter(
    (id) => networkChanged || JSON.stringify(previous.passthrough[id]) !== JSON.stringify(next.passthrough[id]),
  );
}

/** Without a kernel read-back every protocol counts as out of sync: cutting too much is safe, too little is not. */
function outOfSync(kernel: KernelStatus | undefined): ProtocolId[] {
  if (!kernel) return PROTOCOLS.map((p) => p.id);
  return kernel.protocols.filter((p) => !p.inSync).map((p) => p.id);
}
