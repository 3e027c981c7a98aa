// Desired vs actual: what the stored config asks for, compared with what a backend read back from the kernel.
// Pure: the renderer says what each switch position looks like, the snapshot says what is installed.
import type { Backend, Snapshot } from "./backends/types";
import type { LintasConfig } from "./config";
import type { Capabilities } from "./capabilities";
import { deadlinePassed, kernelDeadline } from "./deadline";
import type { Ruleset } from "./model";
import type { HostRead } from "./hostfw/read";
import type { IpFamily } from "./hostfw/model";
import { exprText } from "./hostfw/nft-json";
import { judgeTraffic, unknownTraffic, type TrafficVerdict } from "./hostfw/traffic";
import { flowEnabled, PROTOCOLS, type ProtocolId, type ProtocolSpec } from "./protocols";
import { flowRules, helperRules, render, type ProtocolEffect } from "./render";
import { NO_NAMES, type ScopeNames } from "./scope";
import { scopeLayout } from "./scope-sets";

export type FlowState = "pass" | "blocked" | "missing";

export type ProtocolStatus = {
  id: ProtocolId;
  desired: ProtocolEffect;
  /** What the installed rules do: every flow passes, every flow is blocked, or something in between/absent. */
  actual: "active" | "blocked" | "partial" | "absent";
  flows: Record<string, FlowState>;
  /** Whether the conntrack helper is assigned (protocols that have one). */
  helper?: boolean;
  /** Its deadline has passed: the kernel blocks it by its own rules, though the config still says on until a watcher turns it off. */
  expired?: true;
  /** The kernel does exactly what the config asks for this protocol. */
  inSync: boolean;
};

/** `missing`: rules named by their comment (which switch made them); `extra`: what is there besides, as nft prints it. */
export type Drift = { tableMissing: boolean; missing: string[]; extra: string[] };

export type KernelStatus = {
  protocols: ProtocolStatus[];
  /** The source NAT (masquerade) the config asks for is installed; true when it asks for none. */
  sourceNat: boolean;
  drift: Drift;
  inSync: boolean;
};

export function compareWithKernel(
  config: LintasConfig,
  capabilities: Capabilities,
  backend: Pick<Backend, "keys">,
  snapshot: Snapshot,
  /** What the scopes' names resolved to when the config was applied. */
  names: ScopeNames = NO_NAMES,
  /** The time the installed deadlines are judged at (ms since the epoch). */
  now: number = Date.now(),
): KernelStatus {
  const rendered = render(config, capabilities, names);
  const installed = new Set(snapshot.keys);
  const has = (ruleset: Ruleset) => backend.keys(ruleset).every((key) => installed.has(key));

  const protocols = PROTOCOLS.map((spec) =>
    protocolStatus(spec, config, rendered.effects[spec.id], has, snapshot.present, rendered.ruleset, deadlineState(config, spec, rendered.effects[spec.id], capabilities, now)),
  );
  const sourceNat = snapshot.present && has({ helpers: [], rules: rendered.ruleset.rules.filter((rule) => rule.action.kind === "masquerade") });
  const drift = diff(backend.keys(rendered.ruleset), snapshot.keys, !snapshot.present, rendered.ruleset, backend);
  const driftFree = !drift.tableMissing && drift.missing.length === 0 && drift.extra.length === 0;
  return { protocols, sourceNat, drift, inSync: driftFree && protocols.every((p) => p.inSync) };
}

/**
 * What each protocol's traffic meets, judged on the whole ruleset as read (Lintas's table and every other
 * firewall); `host` absent = the dry-run backend. The read-back says whether the source NAT and the helpers it
 * needs are in place.
 */
export function trafficOf(
  host: HostRead | undefined,
  config: LintasConfig,
  kernel: KernelStatus,
  families: readonly IpFamily[],
  now: number = Date.now(),
): Record<ProtocolId, TrafficVerdict> {
  if (!host) return unknownTraffic({ kind: "dry-run" });
  if (!host.ok) return unknownTraffic({ kind: "not-read", reason: host.reason });
  const helperMissing = config.network.masquerade ? kernel.protocols.filter((p) => p.helper === false).map((p) => p.id) : [];
  return judgeTraffic(host.whole, { network: config.network, passthrough: config.passthrough, families, helperMissing, natMissing: !kernel.sourceNat, now });
}

function protocolStatus(
  spec: ProtocolSpec,
  config: LintasConfig,
  desired: ProtocolEffect,
  has: (ruleset: Ruleset) => boolean,
  present: boolean,
  rendered: Ruleset,
  deadline: { before?: number; passed: boolean },
): ProtocolStatus {
  const { lanInterfaces: lan, wanInterface: wan } = config.network;
  const on = desired.state === "active";
  // A scoped protocol passes as configured only while its sets hold what was applied and its counter is there.
  const scope = on ? scopeLayout(spec.id, config.passthrough[spec.id].scope) : undefined;
  const sets = rendered.sets?.filter((set) => [scope?.lan, scope?.servers].some((names) => names && Object.values(names).includes(set.name)));
  const scopeHeld = !scope || has({ helpers: [], counters: [scope.counter], sets, rules: [] });
  const flows: Record<string, FlowState> = {};
  let expectedFlowsMet = true;
  for (const flow of spec.flows) {
    const passes = scopeHeld && has({ helpers: [], rules: flowRules(spec, flow, on, true, lan, wan, scope, deadline.before) });
    const blocked = has({ helpers: [], rules: flowRules(spec, flow, on, false, lan, wan) });
    // Rules that pass until a deadline that has passed block: the kernel stopped passing at the deadline.
    flows[flow.id] = passes && !deadline.passed ? "pass" : passes || blocked ? "blocked" : "missing";
    const expected = on && flowEnabled(config.passthrough, spec.id, flow) && !deadline.passed ? "pass" : "blocked";
    if (flows[flow.id] !== expected) expectedFlowsMet = false;
  }
  const helper = spec.helper ? has({ helpers: [spec.helper], rules: helperRules(spec, lan, wan) }) : undefined;

  const states = Object.values(flows);
  const baseFlowsPass = spec.flows.filter((f) => !f.option).every((f) => flows[f.id] === "pass");
  const actual: ProtocolStatus["actual"] = !present
    ? "absent"
    : states.every((s) => s === "blocked")
      ? "blocked"
      : baseFlowsPass && helper !== false
        ? "active"
        : "partial";
  const helperMet = helper === undefined || helper === on;
  return { id: spec.id, desired, actual, flows, helper, ...(deadline.passed && { expired: true as const }), inSync: present && expectedFlowsMet && helperMet };
}

/** The deadline the kernel keeps for a protocol that is on, and whether it has passed at `now`. */
function deadlineState(config: LintasConfig, spec: ProtocolSpec, effect: ProtocolEffect, capabilities: Capabilities, now: number): { before?: number; passed: boolean } {
  const before = effect.state === "active" ? kernelDeadline(config.passthrough, spec.id, capabilities) : undefined;
  return { before, passed: deadlinePassed(before, now) };
}

function diff(desired: string[], actual: string[], tableMissing: boolean, ruleset: Ruleset, backend: Pick<Backend, "keys">): Drift {
  const remaining = [...actual];
  const missing: string[] = [];
  for (const key of desired) {
    const at = remaining.indexOf(key);
    if (at >= 0) remaining.splice(at, 1);
    else missing.push(describe(key, ruleset, backend));
  }
  return { tableMissing, missing: tableMissing ? [] : missing, extra: remaining.map(describeExtra) };
}

/** A missing key named by the comment of the rule it belongs to, which says which switch made it. */
function describe(key: string, ruleset: Ruleset, backend: Pick<Backend, "keys">): string {
  const kind = ["chain", "ct helper", "counter", "set"].find((k) => key.startsWith(`${k} `));
  if (kind) {
    const name = /"name":"([^"]+)"/.exec(key)?.[1];
    return `${kind} ${name ?? key}`;
  }
  const rule = ruleset.rules.find((r) => backend.keys({ helpers: [], rules: [r] }).includes(key));
  return rule ? rule.comment : key;
}

/** An nftables key in nft's own words, "chain forward: udp dport 500 drop" (the iptables backend's keys are its rules already). */
function describeExtra(key: string): string {
  const rule = /^rule (\{.*\})$/.exec(key)?.[1];
  if (!rule) return key;
  const { chain, expr } = JSON.parse(rule) as { chain?: string; expr?: Record<string, unknown>[] };
  return `chain ${chain}: ${(expr ?? []).map(exprText).join(" ")}`;
}
