// The packets that stand for a protocol's traffic through the router: per flow and LAN interface, the first
// packet LAN->WAN (ct state new) and the reply WAN->LAN (established), in each IP family the flow exists in.
import type { Network } from "../config";
import type { Flow, ProtocolId, ProtocolSpec } from "../protocols";
import type { IpFamily, Packet } from "./model";

export type Direction = "out" | "reply";
export type FlowPacket = {
  protocol: ProtocolId;
  flow: Flow;
  /** The switch that decides the flow, as Lintas's rule comments name it: "ipsec", "ipsec.natT". */
  switchName: string;
  direction: Direction;
  lan: string;
  packet: Packet;
};

/** Which of a protocol's flows its switch settings let through (as if the protocol were on). */
export function flowsOf(spec: ProtocolSpec, settings: Record<string, boolean>): Flow[] {
  return spec.flows.filter((flow) => !flow.option || settings[flow.option] === true);
}

/** The families a protocol's traffic exists in: a protocol whose helper is IPv4-only (PPTP) is IPv4-only. */
export function familiesOf(spec: ProtocolSpec, forwarding: readonly IpFamily[]): IpFamily[] {
  return forwarding.filter((family) => family === "ipv4" || spec.helper?.l3proto !== "ip");
}

/** `at`: when the packets arrive (seconds since the epoch), for rules that hold until a deadline; absent = unknown. */
export function flowPackets(network: Pick<Network, "lanInterfaces" | "wanInterface">, spec: ProtocolSpec, flows: Flow[], families: IpFamily[], at?: number): FlowPacket[] {
  const wan = network.wanInterface;
  return flows.flatMap((flow) => {
    const switchName = flow.option ? `${spec.id}.${flow.option}` : spec.id;
    const port = "port" in flow.match ? flow.match.port : undefined;
    const l4proto = flow.match.l4proto;
    // IKE, NAT-T and L2TP clients send from the protocol's own port (500 -> 500); a TCP client's port is any.
    const clientPort = l4proto === "udp" ? port : undefined;
    const of = (direction: Direction, lan: string, packet: Packet): FlowPacket => ({ protocol: spec.id as ProtocolId, flow, switchName, direction, lan, packet: at === undefined ? packet : { ...packet, at } });
    return families.flatMap((family) =>
      network.lanInterfaces.flatMap((lan) => [
        of("out", lan, { family, iif: lan, oif: wan, l4proto, sport: clientPort, dport: port, ctstate: "new", publicSide: "daddr" }),
        of("reply", lan, { family, iif: wan, oif: lan, l4proto, sport: port, dport: clientPort, ctstate: "established", publicSide: "saddr" }),
      ]),
    );
  });
}
