// The host's whole forward-path firewall as plain data: every table (nft, iptables-nft, iptables-legacy) with its
// chains and rules, each rule reduced to the matches and the verdict the evaluator understands. Parsers build it
// (nft-json.ts, iptables-save.ts); the evaluator walks it. Nothing here runs a program.

/** nft table families that see routed traffic on the forward hook. */
export type TableFamily = "ip" | "ip6" | "inet";
/** Who keeps the table: native nft, iptables over nf_tables, or the legacy x_tables kernel path. */
export type TableSource = "nft" | "iptables-nft" | "iptables-legacy";
export type IpFamily = "ipv4" | "ipv6";

export type Match =
  | { kind: "iifname" | "oifname"; negate: boolean; names: string[] }
  | { kind: "l4proto"; negate: boolean; protocols: string[] }
  | { kind: "port"; protocol: "tcp" | "udp" | "th"; side: "sport" | "dport"; negate: boolean; ranges: [number, number][] }
  | { kind: "ctstate"; negate: boolean; states: string[] }
  | { kind: "ctstatus"; negate: boolean; statuses: string[] }
  | { kind: "nfproto"; family: IpFamily }
  | { kind: "address"; family: IpFamily; side: "saddr" | "daddr"; negate: boolean; prefixes: string[] }
  /** An IPv6 extension header (routing header, `-m rt`) must be present: passthrough packets carry none. */
  | { kind: "exthdr"; header: string }
  /**
   * A lookup in one of Lintas's own scope sets: the traffic judged for a scoped protocol is its scope's (a device
   * in its LAN list, to a server in its list); what falls outside it is dropped and counted, as the card says.
   */
  | { kind: "scope"; negate: boolean; set: string }
  /** The packet arrives before an instant, or from it on (seconds since the epoch): a switch's deadline (nft `meta time`, `-m time`). */
  | { kind: "time"; op: "before" | "from"; at: number }
  /** Anything else: what it matches depends on something the evaluator does not model. */
  | { kind: "unknown"; text: string };

export type Verdict =
  | { kind: "continue" }
  | { kind: "accept" | "drop" | "reject" | "return" }
  | { kind: "jump" | "goto"; target: string }
  /** A verdict map: the first entry whose match holds decides; none holds = continue. */
  | { kind: "vmap"; entries: { match: Match; verdict: Verdict }[] }
  /** A verdict the evaluator does not follow (queue, a target it does not know). */
  | { kind: "unknown"; text: string };

export type HostRule = {
  /** The rule as its owner's tool prints it, for messages: nft syntax, or the iptables-save line without `-A CHAIN`. */
  text: string;
  comment?: string;
  /** nft rule handle, to delete it; absent for rules read from iptables-save. */
  handle?: number;
  /** What the rule means, comparable with a rule Lintas would add: nft expressions + comment, or the iptables text. */
  key: string;
  matches: Match[];
  verdict: Verdict;
};

export type BaseChain = { hook: string; priority: number; policy: "accept" | "drop" };

export type HostChain = { name: string; base?: BaseChain; rules: HostRule[] };

export type HostTable = {
  family: TableFamily;
  name: string;
  source: TableSource;
  chains: HostChain[];
  /** Why its rules cannot be read (opaque xt expressions without iptables-save text); absent = readable. */
  unreadable?: string;
};

export type HostRuleset = { tables: HostTable[] };

/** A packet as the forward hook sees it. Absent fields are unknown: a rule matching them may or may not match. */
export type Packet = {
  family: IpFamily;
  iif: string;
  oif: string;
  l4proto: "tcp" | "udp" | "gre" | "esp" | "ah";
  sport?: number;
  dport?: number;
  ctstate: "new" | "established" | "related";
  /** The side that is some ordinary internet address (not in a special-purpose block); the other side is unknown. */
  publicSide: "saddr" | "daddr";
  /** When it arrives (seconds since the epoch); absent = unknown, so a time match is undecided. */
  at?: number;
};

export const tableLabel = (table: Pick<HostTable, "family" | "name">) => `${table.family} ${table.name}`;

export function findChain(table: HostTable, name: string): HostChain | undefined {
  return table.chains.find((chain) => chain.name === name);
}
