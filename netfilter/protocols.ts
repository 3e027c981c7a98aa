// The protocol catalogue: everything Lintas knows about each passthrough protocol, as data. The config schemas,
// defaults, switch words, renderer and status all derive from it; adding a protocol is one more entry here, its
// words in lib/i18n and a golden file. The words people read live in lib/i18n: only names (titles) and the
// English rule comments (flow labels, which end up in the kernel) are here.
import type { Passthrough } from "./config";

/** What a flow looks like on the wire: a TCP/UDP port, or a bare IP protocol. */
export type FlowMatch =
  | { l4proto: "tcp" | "udp"; port: number }
  | { l4proto: "gre" | "esp" | "ah" };

export type Flow<Option extends string = string> = {
  id: string;
  /** Short words for rule comments, e.g. "TCP 1723 (control)". */
  label: string;
  match: FlowMatch;
  /** The sub-option that must also be on for this flow to pass; absent = follows the protocol switch. */
  option?: Option;
};

export type ConntrackHelper = {
  /** nft object name and kernel helper type. */
  name: string;
  l4proto: "tcp";
  port: number;
  /** nft l3proto: the kernel's PPTP helper is IPv4-only. */
  l3proto: "ip";
};

/** A sub-option of a protocol switch: its name (the same in every language) and its value until someone sets it. */
export type OptionSpec = { title: string; default: boolean };

/** A catalogue entry, as the renderer, the status and the probe read it. */
export type ProtocolSpec<Id extends string = ProtocolId> = {
  id: Id;
  /** The protocol's name, the same in every language. */
  title: string;
  /** Its cryptography is broken: the panel marks it and shows the advice. */
  weak: boolean;
  /** Sub-options by name, each switched on and off inside the protocol's switch. */
  options: Readonly<Record<string, OptionSpec>>;
  flows: readonly Flow[];
  helper?: ConntrackHelper;
};

/** An entry with its literal types kept: the option names, which the schemas and switch words derive from. */
type Entry<Id extends string, Options extends Record<string, OptionSpec>> = Omit<ProtocolSpec<Id>, "options" | "flows"> & {
  options: Options;
  flows: readonly Flow<keyof Options & string>[];
};
const protocol = <const Id extends string, const Options extends Record<string, OptionSpec>>(spec: Entry<Id, Options>) => spec;

export const PROTOCOLS = [
  protocol({
    id: "pptp",
    title: "PPTP",
    weak: true,
    options: {},
    flows: [
      { id: "control", label: "TCP 1723 (control)", match: { l4proto: "tcp", port: 1723 } },
      { id: "gre", label: "GRE (tunnel)", match: { l4proto: "gre" } },
    ],
    helper: { name: "pptp", l4proto: "tcp", port: 1723, l3proto: "ip" },
  }),
  protocol({
    id: "ipsec",
    title: "IPsec",
    weak: false,
    options: {
      natT: { title: "NAT-T", default: true },
      esp: { title: "ESP", default: true },
      ah: { title: "AH", default: false },
    },
    flows: [
      { id: "ike", label: "UDP 500 (IKE)", match: { l4proto: "udp", port: 500 } },
      { id: "natT", label: "UDP 4500 (NAT-T)", match: { l4proto: "udp", port: 4500 }, option: "natT" },
      { id: "esp", label: "ESP", match: { l4proto: "esp" }, option: "esp" },
      { id: "ah", label: "AH", match: { l4proto: "ah" }, option: "ah" },
    ],
  }),
  protocol({
    id: "l2tp",
    title: "L2TP",
    weak: false,
    options: {},
    flows: [{ id: "l2tp", label: "UDP 1701", match: { l4proto: "udp", port: 1701 } }],
  }),
] as const;

type Catalogue = (typeof PROTOCOLS)[number];
export type ProtocolId = Catalogue["id"];
/** The catalogue entry of one protocol, with its literal option names. */
export type ProtocolSpecOf<Id extends ProtocolId> = Extract<Catalogue, { id: Id }>;
/** The sub-option names of a protocol ("natT" | "esp" | "ah" for IPsec, never for PPTP; of all, for ProtocolId). */
export type OptionId<Id extends ProtocolId> = Id extends ProtocolId ? keyof ProtocolSpecOf<Id>["options"] & string : never;

export const PROTOCOL_IDS: readonly ProtocolId[] = PROTOCOLS.map((spec) => spec.id);

const BY_ID = Object.fromEntries(PROTOCOLS.map((spec) => [spec.id, spec])) as { [Id in ProtocolId]: ProtocolSpecOf<Id> };

export function protocolSpec<Id extends ProtocolId>(id: Id): ProtocolSpecOf<Id> {
  return BY_ID[id];
}

/** A protocol's sub-options with their specs, typed by name. */
export function optionsOf<Id extends ProtocolId>(id: Id): [OptionId<Id>, OptionSpec][] {
  return Object.entries(protocolSpec(id).options) as [OptionId<Id>, OptionSpec][];
}

/** A flow as it shows on the wire, the same in every language: "TCP 1723", "GRE". */
export const wireName = (match: FlowMatch) => ("port" in match ? `${match.l4proto.toUpperCase()} ${match.port}` : match.l4proto.toUpperCase());

/** A protocol's switch and sub-option values by name (`enabled`, `natT` ...), its scope and its times left aside. */
export function switchValues(passthrough: Passthrough, protocol: ProtocolId): Readonly<Record<string, boolean>> {
  const { scope: _scope, expiry: _expiry, onSince: _onSince, ...values } = passthrough[protocol];
  return values;
}

/** Whether one flow of a protocol should pass, given the switches. */
export function flowEnabled(passthrough: Passthrough, protocol: ProtocolId, flow: Flow): boolean {
  const settings = switchValues(passthrough, protocol);
  if (!settings.enabled) return false;
  return !flow.option || settings[flow.option] === true;
}
