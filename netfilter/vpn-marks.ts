// The rules that mark the connections of the VPNs Lintas does not pass (WireGuard, OpenVPN) with VPN_CT_MARK, so
// the monitor finds them as it finds the catalogue's flows (whose accept rules mark them). No verdict: the packets
// go on to the rest of the chain (and of the firewall) as before. LAN->WAN, where every such flow starts.
import type { Rule } from "./model";
import { OTHER_VPNS } from "./other-vpn-list";
import { wireName } from "./protocols";

export function otherVpnMarkRules(lan: string[], wan: string): Rule[] {
  return OTHER_VPNS.map((vpn) => ({
    chain: "forward",
    match: { iifnames: lan, oifnames: [wan], flow: vpn.match, portSide: "dport" },
    action: { kind: "mark" },
    source: { switch: "monitor", state: "on" },
    comment: `monitor=on: ${vpn.title} ${wireName(vpn.match)} LAN->WAN mark`,
  }));
}
