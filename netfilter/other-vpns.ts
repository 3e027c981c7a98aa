// VPNs that need no passthrough (plain UDP/TCP that NAT handles by itself), recognised by their usual ports so the
// monitor can say so when it sees them. Beside the catalogue, not in it: Lintas has no switch for them.
import { decodeEntry } from "./conntrack-entry";
import { conntrackList, type ConntrackFilter } from "./ctnetlink";
import type { Runner } from "./exec";
import { byProtocolFlowClient, flowFields, flowQueries, IP_PROTOCOL_NUMBERS, type FlowFields, type VpnFlow } from "./flows";

export const OTHER_VPNS = [
  { id: "wireguard", title: "WireGuard", match: { l4proto: "udp", port: 51820 } },
  { id: "openvpn", title: "OpenVPN", match: { l4proto: "udp", port: 1194 } },
  { id: "openvpn", title: "OpenVPN", match: { l4proto: "tcp", port: 1194 } },
] as const;

export type OtherVpnId = (typeof OTHER_VPNS)[number]["id"];

export type OtherVpnFlow = FlowFields & { vpn: OtherVpnId; title: string };

/**
 * Every open flow the monitor shows, in one query of the kernel: the catalogue's VPN flows and those of the VPNs
 * that need no passthrough.
 */
export async function listSeenFlows(runner: Runner): Promise<{ flows: VpnFlow[]; others: OtherVpnFlow[] }> {
  const queries = flowQueries();
  const others: ConntrackFilter[] = OTHER_VPNS.map((vpn) => ({ proto: IP_PROTOCOL_NUMBERS[vpn.match.l4proto], port: vpn.match.port }));
  const found = await conntrackList(runner, [...queries.map((q) => q.filter), ...others]);
  return {
    flows: queries.flatMap((q, i) => found[i]!.map((message) => ({ protocol: q.protocol, flow: q.flow, ...flowFields(decodeEntry(message)) }))).sort(byProtocolFlowClient),
    others: OTHER_VPNS.flatMap((vpn, i) => found[queries.length + i]!.map((message) => ({ vpn: vpn.id, title: vpn.title, ...flowFields(decodeEntry(message)) }))),
  };
}
