// The flows of the VPNs that need no passthrough (other-vpn-list.ts), found beside the catalogue's so the monitor
// can say so when it sees them.
import { decodeEntry } from "./conntrack-entry";
import { conntrackList, type ConntrackFilter, type Strategy } from "./ctnetlink";
import type { Runner } from "./exec";
import { byProtocolFlowClient, flowFields, flowFilter, flowQueries, vpnFlow, type FlowFields, type VpnFlow } from "./flows";

import { OTHER_VPNS, type OtherVpnId } from "./other-vpn-list";

export { OTHER_VPNS, type OtherVpnId };

export type OtherVpnFlow = FlowFields & { vpn: OtherVpnId; title: string };

/**
 * Every open flow the monitor shows, in one query of the kernel: the catalogue's VPN flows and those of the VPNs
 * that need no passthrough. `strategy`: "marked" where Lintas's rules mark them (the caller knows).
 */
export async function listSeenFlows(runner: Runner, strategy: Strategy = "auto"): Promise<{ flows: VpnFlow[]; others: OtherVpnFlow[] }> {
  const queries = flowQueries();
  const others: ConntrackFilter[] = OTHER_VPNS.map((vpn) => flowFilter(vpn.match));
  const found = await conntrackList(runner, [...queries.map((q) => q.filter), ...others], strategy);
  return {
    flows: queries.flatMap((q, i) => found[i]!.map((message) => vpnFlow(q.protocol, q.flow, decodeEntry(message)))).sort(byProtocolFlowClient),
    others: OTHER_VPNS.flatMap((vpn, i) => found[queries.length + i]!.map((message) => ({ vpn: vpn.id, title: vpn.title, ...flowFields(decodeEntry(message)) }))),
  };
}
