// The pure renderer: a validated config, the kernel's capabilities and what the scopes' names resolved to in, one
// backend-neutral ruleset out.
import type { LintasConfig } from "./config";
import type { Capabilities } from "./capabilities";
import { flowEnabled, PROTOCOLS, type Flow, type ProtocolId, type ProtocolSpec } from "./protocols";
import { attemptSets, trackRules } from "./attempts";
import { kernelDeadline, untilDeadline } from "./deadline";
import type { AttemptSet, Rule, RuleMatch, Ruleset } from "./model";
import { NO_NAMES, type ScopeNames } from "./scope";
import { protocolScope, type ScopeLayout, type SetNames } from "./scope-sets";
import { trafficCounterName, trafficCounters } from "./traffic-counters";
import { otherVpnMarkRules } from "./vpn-marks";

/** What the rendered ruleset does for one protocol. */
export type ProtocolEffect =
  | { state: "active" }
  | { state: "blocked" }
  | { state: "unavailable"; reason: string };

export type Rendered = {
  ruleset: Ruleset;
  effects: Record<ProtocolId, ProtocolEffect>;
};

export function render(config: LintasConfig, capabilities: Capabilities, names: ScopeNames = NO_NAMES): Rendered {
  const { lanInterfaces: lan, wanInterface: wan } = config.network;
  const rules: Rule[] = [];
  const helpers: Ruleset["helpers"] = [];
  const counters: NonNullable<Ruleset["counters"]> = [];
  const sets: NonNullable<Ruleset["sets"]> = [];
  const attempts: AttemptSet[] = [];
  const effects = {} as Record<ProtocolId, ProtocolEffect>;

  for (const spec of PROTOCOLS) {
    const missing = missingCapability(spec, capabilities);
    const wanted = config.passthrough[spec.id].enabled;
    const on = wanted && !missing;
    effects[spec.id] = on
      ? { state: "active" }
      : wanted && missing
        ? { state: "unavailable", reason: missing }
        : { state: "blocked" };

    if (on && spec.helper) {
      helpers.push(spec.helper);
      rules.push(...helperRules(spec, lan, wan));
    }
    // A protocol that is on with a scope passes only between its sets' addresses, and counts what it drops.
    const scope = on ? protocolScope(spec.id, config.passthrough[spec.id].scope, names) : undefined;
    if (on) counters.push(...trafficCounters(spec.id));
    if (scope) {
      counters.push(scope.counter);
      sets.push(...scope.sets);
    }
    const before = on ? kernelDeadline(config.passthrough, spec.id, capabilities) : undefined;
    const protocolRules = spec.flows.flatMap((flow) => flowRules(spec, flow, on, on && flowEnabled(config.passthrough, spec.id, flow), lan, wan, scope, before));
    if (protocolRules.some((rule) => rule.action.kind === "track")) attempts.push(...attemptSets(spec.id));
    rules.push(...protocolRules);
  }

  rules.push(...otherVpnMarkRules(lan, wan));

  if (config.network.masquerade) {
    rules.push({
      chain: "postrouting",
      // Only oifname: iptables cannot match the input interface in POSTROUTING, and both backends render one model.
      match: { ipv4Only: true, oifnames: [wan] },
      action: { kind: "masquerade" },
      source: { switch: "masquerade", state: "on" },
      comment: "masquerade=on: LAN->WAN source NAT",
    });
  }
  const objects = { ...(counters.length > 0 && { counters }), ...(sets.length > 0 && { sets }), ...(attempts.length > 0 && { attempts }) };
  return { ruleset: { helpers, ...objects, rules }, effects };
}

function missingCapability(spec: ProtocolSpec, capabilities: Capabilities): string | undefined {
  if (!spec.helper) return undefined;
  const helper = capabilities.helpers[spec.helper.name];
  return helper?.available ? undefined : (helper?.reason ?? `this kernel has no ${spec.helper.name} conntrack helper`);
}

/**
 * The rules for one flow: accepted both ways when it passes (within the protocol's scope, if it has one), each
 * way counted into the protocol's traffic counter; dropped both ways when not. What is dropped on its way out is
 * counted per LAN device and server first (attempts.ts). With a deadline (`before`) it passes until then, and
 * is blocked as if the protocol were off after it (deadline.ts).
 */
export function flowRules(spec: ProtocolSpec, flow: Flow, protocolOn: boolean, pass: boolean, lan: string[], wan: string, scope?: ScopeLayout, before?: number): Rule[] {
  const name = protocolOn && flow.option ? `${spec.id}.${flow.option}` : spec.id;
  const passing = () => (scope ? scopedRules(spec, name, flow, lan, wan, scope) : acceptRules(spec, name, flow, lan, wan));
  const rules = !pass ? dropRules(name, flow, lan, wan) : before === undefined ? passing() : untilDeadline(passing(), before, dropRules(spec.id, flow, lan, wan));
  return rules.flatMap((rule) => (isOutwardDrop(rule) ? [...trackRules(spec.id, rule), rule] : [rule]));
}

/** A drop of packets LAN->WAN (matched on the destination port side): someone on the LAN tried. */
const isOutwardDrop = (rule: Rule) => rule.action.kind === "drop" && rule.match.portSide === "dport";

// The helper is assigned to LAN clients' control connections and to ones the router itself opens.
export function helperRules(spec: ProtocolSpec, lan: string[], wan: string): Rule[] {
  const helper = spec.helper!;
  const flow = { l4proto: helper.l4proto, port: helper.port } as const;
  const source = { switch: spec.id, state: "on" } as const;
  const action = { kind: "helper", helper: helper.name } as const;
  const what = `${helper.l4proto.toUpperCase()} ${helper.port}`;
  return [
    {
      chain: "prerouting",
      match: { iifnames: lan, flow, portSide: "dport" },
      action,
      source,
      comment: `${spec.id}=on: ${helper.name} helper on ${what} from LAN`,
    },
    {
      chain: "output",
      match: { oifnames: [wan], flow, portSide: "dport" },
      action,
      source,
      comment: `${spec.id}=on: ${helper.name} helper on ${what} from router`,
    },
  ];
}

// `name` is the switch that decides this flow: "ipsec", or "ipsec.natT" for a sub-option of a protocol that is on.
// The WAN->LAN rule only counts: it gives no verdict, so the replies meet the rest of the chain as before. Both
// mark the connection (ct-mark.ts), so a flow opened before the mark rules existed is marked by its next packet
// either way.
function acceptRules(spec: ProtocolSpec, name: string, flow: Flow, lan: string[], wan: string): Rule[] {
  const source = { switch: name, state: "on" } as const;
  return [
    {
      chain: "forward",
      match: { iifnames: lan, oifnames: [wan], flow: flow.match, portSide: "dport" },
      action: { kind: "accept", counter: trafficCounterName(spec.id, "lanToWan"), mark: true },
      source,
      comment: `${name}=on: ${flow.label} LAN->WAN accept`,
    },
    {
      chain: "forward",
      match: { iifnames: [wan], oifnames: lan, flow: flow.match, portSide: "sport" },
      action: { kind: "count", counter: trafficCounterName(spec.id, "wanToLan"), mark: true },
      source,
      comment: `${name}=on: ${flow.label} WAN->LAN count`,
    },
  ];
}

// Off matches every packet in both directions, not only new flows, so open flows die with the switch.
function dropRules(name: string, flow: Flow, lan: string[], wan: string): Rule[] {
  const source = { switch: name, state: "off" } as const;
  return [
    {
      chain: "forward",
      match: { iifnames: lan, oifnames: [wan], flow: flow.match, portSide: "dport" },
      action: { kind: "drop" },
      source,
      comment: `${name}=off: ${flow.label} LAN->WAN drop`,
    },
    {
      chain: "forward",
      match: { iifnames: [wan], oifnames: lan, flow: flow.match, portSide: "sport" },
      action: { kind: "drop" },
      source,
      comment: `${name}=off: ${flow.label} WAN->LAN drop`,
    },
  ];
}

/**
 * A flow of a scoped protocol, each way: accepted per family between the scope's sets (LAN sources and servers;
 * a list left empty is not matched), then dropped into the protocol's counter. The replies are held to the same
 * pairs, so a routed (IPv6) server outside the list cannot open a flow towards the LAN either.
 */
function scopedRules(spec: ProtocolSpec, name: string, flow: Flow, lan: string[], wan: string, scope: ScopeLayout): Rule[] {
  const source = { switch: name, state: "on" } as const;
  const ways: { words: string; match: RuleMatch; from?: SetNames; to?: SetNames; counter: string }[] = [
    { words: "LAN->WAN", match: { iifnames: lan, oifnames: [wan], flow: flow.match, portSide: "dport" }, from: scope.lan, to: scope.servers, counter: trafficCounterName(spec.id, "lanToWan") },
    { words: "WAN->LAN", match: { iifnames: [wan], oifnames: lan, flow: flow.match, portSide: "sport" }, from: scope.servers, to: scope.lan, counter: trafficCounterName(spec.id, "wanToLan") },
  ];
  return ways.flatMap(({ words, match, from, to, counter }): Rule[] => [
    ...(["ipv4", "ipv6"] as const).map((family): Rule => {
      const addresses: NonNullable<RuleMatch["addresses"]> = { family };
      if (from) addresses.saddr = from[family];
      if (to) addresses.daddr = to[family];
      const ip = family === "ipv4" ? "IPv4" : "IPv6";
      return { chain: "forward", match: { ...match, addresses }, action: { kind: "accept", counter, mark: true }, source, comment: `${name}=on: ${flow.label} ${words} ${ip} in scope accept` };
    }),
    { chain: "forward", match, action: { kind: "drop", counter: scope.counter.name }, source, comment: `${name}=on: ${flow.label} ${words} outside the scope drop` },
  ]);
}
