// Open VPN flows: the conntrack table read back and sorted by the protocol catalogue, so an admin sees who on
// the LAN talks to which VPN server right now, and whether the PPTP helper is attached.
import { firstLine, type Runner } from "./exec";
import { PROTOCOLS, type ProtocolId } from "./protocols";

type Tuple = { src: string; dst: string; sport?: number; dport?: number; srckey?: string; dstkey?: string };

export type ConntrackEntry = {
  l4proto: string;
  l4protoNumber: number;
  timeout: number;
  state?: string;
  original: Tuple;
  reply: Tuple;
  assured: boolean;
  replied: boolean;
  helper?: string;
};

export type VpnFlow = {
  protocol: ProtocolId;
  flow: string;
  /** The LAN side (original source). */
  client: string;
  /** The remote VPN server (original destination). */
  server: string;
  /** Ports or GRE keys, e.g. "40000 -> 1723", "key 0x7 -> 0x4000". */
  detail: string;
  /** Where the server's replies go: the router's address when NATed. */
  replyTo: string;
  state?: string;
  replied: boolean;
  helper?: string;
  timeout: number;
};

/** Parses `conntrack -L` output (default format, both families). */
export function parseConntrackList(text: string): ConntrackEntry[] {
  const entries: ConntrackEntry[] = [];
  for (const line of text.split("\n")) {
    const words = line.trim().split(/\s+/);
    if (words.length < 4 || !/^\d+$/.test(words[1] ?? "")) continue;
    const [l4proto, number, timeout, ...rest] = words as [string, string, string, ...string[]];
    const tuples: Tuple[] = [];
    let state: string | undefined;
    let helper: string | undefined;
    let assured = false;
    let unreplied = false;
    for (const word of rest) {
      if (word === "[ASSURED]") assured = true;
      else if (word === "[UNREPLIED]") unreplied = true;
      else if (/^[A-Z_]+$/.test(word) && tuples.length === 0) state = word;
      else {
        const [key, value] = word.split("=", 2) as [string, string | undefined];
        if (value === undefined) continue;
        if (key === "src") tuples.push({ src: value, dst: "" });
        const current = tuples.at(-1);
        if (key === "helper") helper = value;
        else if (current && key === "dst") current.dst = value;
        else if (current && (key === "sport" || key === "dport")) current[key] = Number(value);
        else if (current && (key === "srckey" || key === "dstkey")) current[key] = value;
      }
    }
    if (tuples.length < 2) continue;
    entries.push({
      l4proto,
      l4protoNumber: Number(number),
      timeout: Number(timeout),
      state,
      original: tuples[0]!,
      reply: tuples[1]!,
      assured,
      replied: !unreplied,
      helper,
    });
  }
  return entries;
}

const IP_PROTOCOL_NUMBERS: Record<string, number> = { tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51 };

/** The entries that belong to a catalogue flow, labelled with it. */
export function vpnFlows(entries: ConntrackEntry[]): VpnFlow[] {
  const flows: VpnFlow[] = [];
  for (const entry of entries) {
    for (const spec of PROTOCOLS) {
      const flow = spec.flows.find((f) => {
        if (IP_PROTOCOL_NUMBERS[f.match.l4proto] !== entry.l4protoNumber) return false;
        return "port" in f.match ? entry.original.dport === f.match.port : true;
      });
      if (!flow) continue;
      const { original: o } = entry;
      const detail = o.srckey ? `key ${o.srckey} -> ${o.dstkey}` : o.sport !== undefined ? `${o.sport} -> ${o.dport}` : "";
      flows.push({
        protocol: spec.id,
        flow: flow.id,
        client: o.src,
        server: o.dst,
        detail,
        replyTo: entry.reply.dst,
        state: entry.state,
        replied: entry.replied,
        helper: entry.helper,
        timeout: entry.timeout,
      });
      break;
    }
  }
  return flows.sort((a, b) => a.protocol.localeCompare(b.protocol) || a.flow.localeCompare(b.flow) || a.client.localeCompare(b.client));
}

export async function listVpnFlows(runner: Runner): Promise<VpnFlow[]> {
  const result = await runner.run(["conntrack", "-L"]);
  if (result.code !== 0) throw new Error(`cannot read the connection table: ${firstLine(result.stderr)}`);
  return vpnFlows(parseConntrackList(result.stdout));
}
