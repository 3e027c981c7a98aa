// Each protocol's passed traffic as the kernel counts it: one named counter per protocol and direction, which
// every accept rule of that protocol (its sub-options' flows included) counts into.
import type { NamedCounter } from "./model";
import { PROTOCOL_IDS, type ProtocolId } from "./protocols";

/** LAN->WAN (what the LAN clients send) and WAN->LAN (what comes back to them). */
export const TRAFFIC_DIRECTIONS = ["lanToWan", "wanToLan"] as const;
export type TrafficDirection = (typeof TRAFFIC_DIRECTIONS)[number];

const NAME_PART: Record<TrafficDirection, string> = { lanToWan: "lan_to_wan", wanToLan: "wan_to_lan" };
const WORDS: Record<TrafficDirection, string> = { lanToWan: "LAN->WAN", wanToLan: "WAN->LAN" };

export const trafficCounterName = (protocol: ProtocolId, direction: TrafficDirection) => `${protocol}_${NAME_PART[direction]}`;

export function trafficCounters(protocol: ProtocolId): NamedCounter[] {
  return TRAFFIC_DIRECTIONS.map((direction) => ({
    name: trafficCounterName(protocol, direction),
    comment: `${protocol}: traffic passed ${WORDS[direction]}`,
  }));
}

/** Which protocol and direction a counter name counts, or undefined for another counter (a scope's drops). */
export function trafficCounterOf(name: string): { protocol: ProtocolId; direction: TrafficDirection } | undefined {
  for (const protocol of PROTOCOL_IDS) {
    for (const direction of TRAFFIC_DIRECTIONS) {
      if (trafficCounterName(protocol, direction) === name) return { protocol, direction };
    }
  }
  return undefined;
}
