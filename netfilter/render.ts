// The pure renderer: a validated config and the kernel's capabilities in, one backend-neutral ruleset out.
import type { LintasConfig } from "./config";
import type { Capabilities } from "./capabilities";
import { flowEnabled, PROTOCOLS, type Flow, type ProtocolId, type ProtocolSpec } from "./protocols";
import type { Rule, Ruleset } from "./model";

/** What the rendered ruleset does for one protocol. */
export type ProtocolEffect =
  | { state: "active" }
  | { state: "blocked" }
  | { state: "unavailable"; reason: string };

export type Rendered = {
  ruleset: Ruleset;
  effects: Record<ProtocolId, ProtocolEffect>;
};

export function render(config: LintasConfig, capabilities: Capabilities): Rendered {
  const { lanInterfaces: lan, wanInterface: wan } = config.network;
  const rules: Rule[] = [];
  const helpers: Ruleset["helpers"] = [];
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
    for (const flow of spec.flows) {
      const pass = on && flowEnabled(config.passthrough, spec.id, flow);
      rules.push(...flowRules(spec, flow, on, pass, lan, wan));
    }
  }

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
  return { ruleset: { helpers, rules }, effects };
}

function missingCapability(spec: ProtocolSpec, capabilities: Capabilities): string | undefined {
  if (!spec.helper) return undefined;
  const helper = capabilities.helpers[spec.helper.name];
  return helper?.available ? undefined : (helper?.reason ?? `this kernel has no ${spec.helper.name} conntrack helper`);
}

/** The rules for one flow: accepted when it passes, dropped both ways when not. */
export function flowRules(spec: ProtocolSpec, flow: Flow, protocolOn: boolean, pass: boolean, lan: string[], wan: string): Rule[] {
  const name = protocolOn && flow.option ? `${spec.id}.${flow.option}` : spec.id;
  return pass ? acceptRules(name, flow, lan, wan) : dropRules(name, flow, lan, wan);
}

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
function acceptRules(name: string, flow: Flow, lan: string[], wan: string): Rule[] {
  return [
    {
      chain: "forward",
      match: { iifnames: lan, oifnames: [wan], flow: flow.match, portSide: "dport" },
      action: { kind: "accept" },
      source: { switch: name, state: "on" },
      comment: `${name}=on: ${flow.label} LAN->WAN accept`,
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
