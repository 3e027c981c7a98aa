// What the host firewall does to each protocol's traffic: every representative packet through every foreign
// forward base chain. One packet dropped blocks the protocol; one undecided (and none dropped) makes it unknown.
import type { Passthrough } from "../config";
import { PROTOCOLS, switchValues, type ProtocolId } from "../protocols";
import { evaluatePacket, type Stop, type UnknownReason } from "./evaluate";
import type { HostRuleset, IpFamily } from "./model";
import { familiesOf, flowPackets, flowsOf, type Direction } from "./packets";

/** Which packet a verdict is about: "UDP 500 (IKE)", LAN->WAN or its reply, IPv4 or IPv6. */
export type PacketLabel = { flow: string; label: string; direction: Direction; family: IpFamily; lan: string };

export type HostVerdict =
  | { verdict: "passes" }
  | { verdict: "blocked"; at: Stop; packet: PacketLabel }
  | { verdict: "unknown"; reason: UnknownReason; packet: PacketLabel };

export type JudgeInput = {
  network: { lanInterfaces: string[]; wanInterface: string };
  passthrough: Passthrough;
  /** The families the router forwards. */
  families: readonly IpFamily[];
  /** The time the packets are judged at (ms since the epoch), for rules that hold until a deadline; absent = unknown. */
  now?: number;
};

/** Per protocol, as if its switch were on (with its stored sub-options): what the host does to its traffic. */
export function judgeProtocols(foreign: HostRuleset, input: JudgeInput): Record<ProtocolId, HostVerdict> {
  const verdicts = {} as Record<ProtocolId, HostVerdict>;
  for (const spec of PROTOCOLS) {
    const settings = switchValues(input.passthrough, spec.id);
    const packets = flowPackets(input.network, spec, flowsOf(spec, settings), familiesOf(spec, input.families));
    let verdict: HostVerdict = { verdict: "passes" };
    for (const fp of packets) {
      const result = evaluatePacket(foreign, fp.packet);
      const packet: PacketLabel = { flow: fp.flow.id, label: fp.flow.label, direction: fp.direction, family: fp.packet.family, lan: fp.lan };
      if (result.verdict === "blocked") {
        verdict = { verdict: "blocked", at: result.at, packet };
        break;
      }
      if (result.verdict === "unknown" && verdict.verdict === "passes") verdict = { verdict: "unknown", reason: result.reason, packet };
    }
    verdicts[spec.id] = verdict;
  }
  return verdicts;
}
