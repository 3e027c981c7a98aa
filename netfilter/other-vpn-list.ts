// VPNs that need no passthrough (plain UDP/TCP that NAT handles by itself), by their usual ports: the monitor
// lists their flows, and the ruleset marks their connections so it finds them (vpn-marks.ts). Beside the
// catalogue, not in it: Lintas has no switch for them.
export const OTHER_VPNS = [
  { id: "wireguard", title: "WireGuard", match: { l4proto: "udp", port: 51820 } },
  { id: "openvpn", title: "OpenVPN", match: { l4proto: "udp", port: 1194 } },
  { id: "openvpn", title: "OpenVPN", match: { l4proto: "tcp", port: 1194 } },
] as const;

export type OtherVpnId = (typeof OTHER_VPNS)[number]["id"];
