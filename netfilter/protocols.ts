// The protocol catalogue: everything Lintas knows about each passthrough protocol, as data. The renderer loops
// over it; adding a protocol (SIP, H.323) is one more entry here plus a golden file.
import type { Passthrough, ProtocolId } from "./config";

/** What a flow looks like on the wire: a TCP/UDP port, or a bare IP protocol. */
export type FlowMatch =
  | { l4proto: "tcp" | "udp"; port: number }
  | { l4proto: "gre" | "esp" | "ah" };

export type Flow = {
  id: string;
  /** Short words for humans and rule comments, e.g. "TCP 1723 (control)". */
  label: string;
  match: FlowMatch;
  /** The IPsec sub-option that must also be on for this flow to pass; absent = follows the protocol switch. */
  option?: "natT" | "esp" | "ah";
};

export type ConntrackHelper = {
  /** nft object name and kernel helper type. */
  name: string;
  l4proto: "tcp";
  port: number;
  /** nft l3proto: the kernel's PPTP helper is IPv4-only. */
  l3proto: "ip";
};

export type Localized = { en: string; id: string };

export type ProtocolSpec = {
  id: ProtocolId;
  title: string;
  summary: Localized;
  /** Security advice shown next to the switch. */
  advice?: Localized;
  flows: Flow[];
  helper?: ConntrackHelper;
};

export const PROTOCOLS: readonly ProtocolSpec[] = [
  {
    id: "pptp",
    title: "PPTP",
    summary: {
      en: "Forwards the PPTP control channel (TCP 1723) and its GRE tunnel; the pptp conntrack helper NATs call IDs so several LAN clients can reach one server.",
      id: "Meneruskan kanal kontrol PPTP (TCP 1723) dan terowongan GRE-nya; helper conntrack pptp men-NAT call ID sehingga beberapa klien LAN dapat menjangkau satu server.",
    },
    advice: {
      en: "PPTP's encryption (MS-CHAPv2/MPPE) is broken. Prefer WireGuard or OpenVPN, which need no passthrough.",
      id: "Enkripsi PPTP (MS-CHAPv2/MPPE) sudah dibobol. Gunakan WireGuard atau OpenVPN, yang tidak memerlukan passthrough.",
    },
    flows: [
      { id: "control", label: "TCP 1723 (control)", match: { l4proto: "tcp", port: 1723 } },
      { id: "gre", label: "GRE (tunnel)", match: { l4proto: "gre" } },
    ],
    helper: { name: "pptp", l4proto: "tcp", port: 1723, l3proto: "ip" },
  },
  {
    id: "ipsec",
    title: "IPsec",
    summary: {
      en: "Forwards IKE (UDP 500), NAT traversal (UDP 4500), ESP and optionally AH.",
      id: "Meneruskan IKE (UDP 500), NAT traversal (UDP 4500), ESP dan opsional AH.",
    },
    advice: {
      en: "Raw ESP serves one LAN client per remote server (the kernel tracks ESP by addresses only); NAT-T (UDP 4500) has no such limit.",
      id: "ESP mentah hanya melayani satu klien LAN per server jarak jauh (kernel melacak ESP hanya dari alamat); NAT-T (UDP 4500) tidak memiliki batas ini.",
    },
    flows: [
      { id: "ike", label: "UDP 500 (IKE)", match: { l4proto: "udp", port: 500 } },
      { id: "natT", label: "UDP 4500 (NAT-T)", match: { l4proto: "udp", port: 4500 }, option: "natT" },
      { id: "esp", label: "ESP", match: { l4proto: "esp" }, option: "esp" },
      { id: "ah", label: "AH", match: { l4proto: "ah" }, option: "ah" },
    ],
  },
  {
    id: "l2tp",
    title: "L2TP",
    summary: {
      en: "Forwards L2TP (UDP 1701). L2TP is usually carried inside IPsec; the kernel has no L2TP helper and needs none.",
      id: "Meneruskan L2TP (UDP 1701). L2TP biasanya dibawa di dalam IPsec; kernel tidak memiliki helper L2TP dan tidak memerlukannya.",
    },
    flows: [{ id: "l2tp", label: "UDP 1701", match: { l4proto: "udp", port: 1701 } }],
  },
];

export function protocolSpec(id: ProtocolId): ProtocolSpec {
  const spec = PROTOCOLS.find((p) => p.id === id);
  if (!spec) throw new Error(`no catalogue entry for ${id}`);
  return spec;
}

/** Whether one flow of a protocol should pass, given the switches. */
export function flowEnabled(passthrough: Passthrough, protocol: ProtocolId, flow: Flow): boolean {
  const settings = passthrough[protocol];
  if (!settings.enabled) return false;
  if (!flow.option) return true;
  return (settings as Record<string, unknown>)[flow.option] === true;
}
