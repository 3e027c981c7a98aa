// Who uses each VPN right now: the LAN devices and the servers they talk to, from a few of each protocol's open
// flows. A large connection table is filtered in the kernel (no unrelated entry leaves it: by the rules' ct mark,
// see flow-strategy.ts, or by port, see sampleVpnFlows),
// and only the protocols that are on are asked: one that is off has its packets dropped, so conntrack keeps none.
// The VPN page shows it on each card and names these before a Save that cuts them.
import { narrowedProtocols, PROTOCOL_IDS, protocolSpec, sampleVpnFlows, type PassthroughChanges, type ProtocolId, type VpnFlow } from "../../netfilter";
import { loadConfig } from "../settings";
import { mergePassthrough } from "./change";
import { environment } from "./environment";
import { flowStrategy } from "./flow-strategy";
import type { RouterOptions } from "./types";

/** Entries read per catalogue flow: more than a home LAN has; beyond it the page says "at least". */
const PER_FLOW = 32;

/** A LAN device talking to a VPN server. */
export type Use = { client: string; server: string };
/** `complete` is false when the protocol had more flows than were read: `devices` is then a lower bound. */
export type ProtocolUse = { devices: number; uses: Use[]; complete: boolean };
/** Per protocol asked for; none where conntrack cannot be asked (`unavailable` says why). */
export type InUse = { protocols: Partial<Record<ProtocolId, ProtocolUse>>; unavailable?: string };

export async function flowsInUse(protocols: readonly ProtocolId[] = PROTOCOL_IDS, options: RouterOptions = {}): Promise<InUse> {
  const stored = await loadConfig();
  const on = protocols.filter((id) => stored.passthrough[id].enabled);
  if (on.length === 0) return { protocols: summarizeUse(protocols, [], []) };
  const env = await environment(options);
  if (!env.capabilities.conntrack.available) return { protocols: {}, unavailable: env.capabilities.conntrack.reason };
  try {
    const sample = await sampleVpnFlows(env.runner, on.map(protocolSpec), PER_FLOW, flowStrategy(env));
    return { protocols: summarizeUse(protocols, sample.flows, sample.truncated) };
  } catch (error) {
    // Who uses a VPN is shown, not enforced: a kernel that refuses the query makes it unknown, not an error.
    return { protocols: {}, unavailable: (error as Error).message };
  }
}

/** Who loses a connection if `changes` are applied now: the uses of each protocol they take traffic from (an apply cuts its flows). */
export async function flowsToCut(changes: PassthroughChanges, options: RouterOptions = {}): Promise<InUse> {
  const stored = await loadConfig();
  return flowsInUse(narrowedProtocols(stored.passthrough, mergePassthrough(stored.passthrough, changes)), options);
}

/** Each protocol's distinct client -> server pairs (a PPTP session's control and GRE flows are one use). */
export function summarizeUse(protocols: readonly ProtocolId[], flows: readonly VpnFlow[], truncated: readonly ProtocolId[]): Partial<Record<ProtocolId, ProtocolUse>> {
  const byClient = (a: Use, b: Use) => a.client.localeCompare(b.client, "en", { numeric: true }) || a.server.localeCompare(b.server, "en", { numeric: true });
  return Object.fromEntries(
    protocols.map((id) => {
      const pairs = new Map(flows.filter((f) => f.protocol === id).map((f) => [`${f.client} ${f.server}`, { client: f.client, server: f.server }]));
      const uses = [...pairs.values()].sort(byClient);
      return [id, { devices: new Set(uses.map((u) => u.client)).size, uses, complete: !truncated.includes(id) }];
    }),
  );
}
