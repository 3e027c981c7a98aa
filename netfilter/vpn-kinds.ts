// "Which VPN do you use?": the VPNs a home admin knows by name, and the switches each needs to cross this
// router. Data, like the catalogue: the panel's helper reads it; the words (names, why) live in lib/i18n. Pure:
// the panel's browser code imports it.
import type { SwitchKey } from "./switches";

/**
 * How a LAN client's packets leave this router: with their source NATed (IPv4 under masquerade) and/or routed as
 * they are (IPv4 without masquerade, IPv6 always: Lintas masquerades IPv4 only).
 */
export type RouterPath = { natted: boolean; routedBecause: ("noMasquerade" | "ipv6")[] };

export function routerPath(masquerade: boolean, forwarding: { ipv4: boolean; ipv6: boolean }): RouterPath {
  const routedBecause: RouterPath["routedBecause"] = [];
  if (forwarding.ipv4 && !masquerade) routedBecause.push("noMasquerade");
  if (forwarding.ipv6) routedBecause.push("ipv6");
  return { natted: forwarding.ipv4 && masquerade, routedBecause };
}

type Kind = {
  id: string;
  /** What it always needs. IPsec clients detect NAT anywhere on the path and then move into UDP 4500 (NAT-T). */
  needs: readonly SwitchKey[];
  /** What it needs only where a client's packets are routed, not NATed: IPsec then sends raw ESP. */
  whenRouted?: readonly SwitchKey[];
};

export const VPN_KINDS = [
  // L2TP runs inside the IPsec tunnel, encrypted: the router never sees UDP 1701, so the L2TP switch stays as it is.
  { id: "l2tpIpsec", needs: ["ipsec", "ipsec.natT"], whenRouted: ["ipsec.esp"] },
  { id: "ikev2", needs: ["ipsec", "ipsec.natT"], whenRouted: ["ipsec.esp"] },
  // Older vendor clients may send raw ESP even behind NAT.
  { id: "otherIpsec", needs: ["ipsec", "ipsec.natT", "ipsec.esp"] },
  { id: "pptp", needs: ["pptp"] },
  // Ordinary UDP/TCP, which the router's NAT already passes both ways.
  { id: "wireguardOpenvpn", needs: [] },
] as const satisfies readonly Kind[];

export type VpnKind = (typeof VPN_KINDS)[number];
export type VpnKindId = VpnKind["id"];

/** The switches a VPN needs through a router whose clients leave it this way. Turning them on is all it takes. */
export function switchesFor(kind: VpnKind, path: RouterPath): SwitchKey[] {
  const routed = "whenRouted" in kind && path.routedBecause.length > 0 ? kind.whenRouted : [];
  return [...kind.needs, ...routed];
}
