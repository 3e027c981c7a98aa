// The switches "Which VPN do you use?" turns on, per VPN and per way out of the router.
import { describe, expect, it } from "vitest";
import { routerPath, switchesFor, VPN_KINDS, type VpnKindId } from "./vpn-kinds";

const kind = (id: VpnKindId) => VPN_KINDS.find((k) => k.id === id)!;

describe("which VPN do you use", () => {
  const nattedOnly = routerPath(true, { ipv4: true, ipv6: false });
  const withIpv6 = routerPath(true, { ipv4: true, ipv6: true });
  const routed = routerPath(false, { ipv4: true, ipv6: false });

  it("says how clients leave: NATed under masquerade, routed without it and over IPv6", () => {
    expect(nattedOnly).toEqual({ natted: true, routedBecause: [] });
    expect(withIpv6).toEqual({ natted: true, routedBecause: ["ipv6"] });
    expect(routed).toEqual({ natted: false, routedBecause: ["noMasquerade"] });
  });

  it("L2TP/IPsec and IKEv2: IPsec with NAT-T, raw ESP only where clients are routed; never the L2TP switch", () => {
    for (const id of ["l2tpIpsec", "ikev2"] as const) {
      expect(switchesFor(kind(id), nattedOnly)).toEqual(["ipsec", "ipsec.natT"]);
      expect(switchesFor(kind(id), withIpv6)).toEqual(["ipsec", "ipsec.natT", "ipsec.esp"]);
      expect(switchesFor(kind(id), routed)).toEqual(["ipsec", "ipsec.natT", "ipsec.esp"]);
    }
  });

  it("other IPsec clients always get ESP; PPTP its switch; WireGuard/OpenVPN nothing", () => {
    expect(switchesFor(kind("otherIpsec"), nattedOnly)).toEqual(["ipsec", "ipsec.natT", "ipsec.esp"]);
    expect(switchesFor(kind("pptp"), withIpv6)).toEqual(["pptp"]);
    expect(switchesFor(kind("wireguardOpenvpn"), routed)).toEqual([]);
  });

});
