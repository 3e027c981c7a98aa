// From two readings of the kernel's cumulative counters to what passed in between. An apply on the iptables
// backend restarts every counter at zero (`applied`), so after it the whole reading is new traffic; nftables
// keeps the counters over an apply. A counter that went down (the table reloaded by hand, a protocol turned off
// and on) is read the same way. Never negative.
import type { CounterValue, ProtocolId, TrafficCounts } from "../../netfilter";
import type { TrafficAmount } from "./store";

export function trafficDeltas(previous: TrafficCounts, current: TrafficCounts, applied: boolean): Partial<Record<ProtocolId, TrafficAmount>> {
  const deltas: Partial<Record<ProtocolId, TrafficAmount>> = {};
  for (const [protocol, now] of Object.entries(current) as [ProtocolId, NonNullable<TrafficCounts[ProtocolId]>][]) {
    const before = applied ? undefined : previous[protocol];
    const out = since(before?.lanToWan, now.lanToWan);
    const back = since(before?.wanToLan, now.wanToLan);
    deltas[protocol] = { bytesOut: out.bytes, packetsOut: out.packets, bytesIn: back.bytes, packetsIn: back.packets };
  }
  return deltas;
}

function since(before: CounterValue | undefined, now: CounterValue): CounterValue {
  const reset = !before || now.packets < before.packets || now.bytes < before.bytes;
  return reset ? now : { packets: now.packets - before.packets, bytes: now.bytes - before.bytes };
}
