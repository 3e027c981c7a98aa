// Reading each protocol's traffic counters from the kernel: nftables' named counters (one `nft -j list counters`,
// which stays cheap however large the scopes' sets are), or the per-rule counters of the iptables backend's
// LINTAS_FORWARD chains (iptables-save -c), summed per counter the renderer gave each rule.
import type { CounterValue } from "./backends/types";
import { firstLine, type Runner } from "./exec";
import { countedLines, type IpFamily } from "./iptables";
import type { Ruleset } from "./model";
import { counterValues, TABLE_FAMILY, TABLE_NAME } from "./nft";
import type { ProtocolId } from "./protocols";
import { trafficCounterOf, type TrafficDirection } from "./traffic-counters";

/** Bytes and packets each protocol passed since its counters were created (the last apply), per direction. */
export type TrafficCounts = Partial<Record<ProtocolId, Record<TrafficDirection, CounterValue>>>;

const plus = (sum: CounterValue | undefined, value: CounterValue): CounterValue => ({
  packets: (sum?.packets ?? 0) + value.packets,
  bytes: (sum?.bytes ?? 0) + value.bytes,
});

/** The traffic counters among named counters; a protocol is there once any of its counters is. */
export function trafficOfCounters(counters: Record<string, CounterValue>): TrafficCounts {
  const traffic: TrafficCounts = {};
  for (const [name, value] of Object.entries(counters)) {
    const of = trafficCounterOf(name);
    if (!of) continue;
    const protocol = (traffic[of.protocol] ??= { lanToWan: { packets: 0, bytes: 0 }, wanToLan: { packets: 0, bytes: 0 } });
    protocol[of.direction] = plus(protocol[of.direction], value);
  }
  return traffic;
}

/** nftables: the table's named counters; none when the table is absent. */
export async function readNftTraffic(runner: Runner): Promise<TrafficCounts> {
  const result = await runner.run(["nft", "-j", "list", "counters", "table", TABLE_FAMILY, TABLE_NAME]);
  if (result.code !== 0) {
    if (/No such file or directory/.test(result.stderr)) return {};
    throw new Error(`cannot read the counters of table ${TABLE_FAMILY} ${TABLE_NAME}: ${firstLine(result.stderr)}`);
  }
  return trafficOfCounters(counterValues((JSON.parse(result.stdout) as { nftables: Record<string, unknown>[] }).nftables));
}

const SAVE = { ipv4: "iptables-save", ipv6: "ip6tables-save" } as const;

/** iptables: each family's filter table with counters, every counted rule's lines found by their exact text. */
export async function readIptablesTraffic(runner: Runner, ruleset: Ruleset): Promise<TrafficCounts> {
  const counters: Record<string, CounterValue>[] = [];
  for (const family of ["ipv4", "ipv6"] as const) {
    const result = await runner.run([SAVE[family], "-c", "-t", "filter"]);
    if (result.code !== 0) throw new Error(`${SAVE[family]} -c failed: ${firstLine(result.stderr)}`);
    counters.push(iptablesCounters(result.stdout, family, ruleset));
  }
  const summed: Record<string, CounterValue> = {};
  for (const [name, value] of counters.flatMap((c) => Object.entries(c))) summed[name] = plus(summed[name], value);
  return trafficOfCounters(summed);
}

/** Pure: `iptables-save -c` output -> the ruleset's counters, by name (a line the ruleset does not hold counts nowhere). */
export function iptablesCounters(saved: string, family: IpFamily, ruleset: Ruleset): Record<string, CounterValue> {
  const counterOfLine = new Map<string, string>();
  for (const rule of ruleset.rules) {
    const counter = "counter" in rule.action ? rule.action.counter : undefined;
    if (counter) for (const line of countedLines(rule, family)) counterOfLine.set(line, counter);
  }
  const counters: Record<string, CounterValue> = {};
  for (const line of saved.split("\n")) {
    const counted = /^\[(\d+):(\d+)\] (-A .*)$/.exec(line);
    const name = counted && counterOfLine.get(counted[3]!);
    if (!counted || !name) continue;
    counters[name] = plus(counters[name], { packets: Number(counted[1]), bytes: Number(counted[2]) });
  }
  return counters;
}
