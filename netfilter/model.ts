// The backend-neutral ruleset: what the renderer produces and what the nftables and iptables backends turn
// into their own syntax. Plain data, no behaviour.
import type { IpFamily } from "./ip";
import type { ConntrackHelper, FlowMatch } from "./protocols";

export type ChainId = "prerouting" | "output" | "forward" | "postrouting";

export type RuleMatch = {
  iifnames?: string[];
  oifnames?: string[];
  /** Restrict to IPv4 (masquerade: Lintas does no NAT66). */
  ipv4Only?: boolean;
  flow?: FlowMatch;
  /** Which side of the flow's port to match: dport LAN->WAN, sport for the replies WAN->LAN. */
  portSide?: "dport" | "sport";
  /** Source and destination addresses in named sets (AddressSet names), of this family only. */
  addresses?: { family: IpFamily; saddr?: string; daddr?: string };
  /** Matches only before an instant, or only from it on (whole seconds since the epoch): a switch's deadline, kept by the kernel. */
  time?: TimeMatch;
};

export type TimeMatch = { op: "before" | "from"; at: number };

export type RuleAction =
  /** `mark`: the connection gets VPN_CT_MARK (ct-mark.ts) first, so the monitor finds it. */
  | { kind: "accept"; counter?: string; mark?: true }
  | { kind: "drop"; counter?: string }
  /** No verdict: the packet is counted (and its connection marked, with `mark`) and goes on to the next rule. */
  | { kind: "count"; counter: string; mark?: true }
  | { kind: "helper"; helper: string }
  /** Records a new connection's source and destination in an AttemptSet (of the rule's `addresses.family`); no verdict. */
  | { kind: "track"; set: string }
  | { kind: "masquerade" }
  /** Sets VPN_CT_MARK on the packet's connection (ct-mark.ts); no verdict. */
  | { kind: "mark" };

/** Which switch produced a rule, and in which position. */
export type RuleSource = { switch: string; state: "on" | "off" };

export type Rule = {
  chain: ChainId;
  match: RuleMatch;
  action: RuleAction;
  source: RuleSource;
  /** Human words; rendered as the rule comment, e.g. "pptp=on: GRE (tunnel) LAN->WAN accept". */
  comment: string;
};

/** A named set of addresses of one family: elements are addresses, CIDR blocks or "first-last" ranges, merged. */
export type AddressSet = { name: string; family: IpFamily; elements: string[] };

/** A named counter (nft counter object); `comment` says what it counts. */
export type NamedCounter = { name: string; comment: string };

/**
 * A dynamic set of (LAN source, server) pairs with a counter per pair and a timeout: who tried a blocked flow,
 * how often, and (from what is left of the timeout) when last. nftables only.
 */
/** `maxPairs`: past it new pairs are not recorded (the drop still happens). */
export type AttemptSet = { name: string; family: IpFamily; timeoutSeconds: number; maxPairs: number };

export type Ruleset = {
  helpers: ConntrackHelper[];
  /** Named counters that rules count into: each protocol's traffic, a scope's drops (absent: none). */
  counters?: NamedCounter[];
  /** Address sets the rules match against (absent: none). */
  sets?: AddressSet[];
  /** Who tried what was dropped (absent: none). */
  attempts?: AttemptSet[];
  rules: Rule[];
};

export type ChainSpec = { id: ChainId; type: "filter" | "nat"; hook: ChainId; priority: "filter" | "srcnat" };

// Helpers are attached at priority filter: at priority raw the kernel accepts `ct helper set` and silently
// attaches nothing. Policy is accept everywhere: Lintas owns the passthrough decision, not the whole firewall.
export const CHAINS: readonly ChainSpec[] = [
  { id: "prerouting", type: "filter", hook: "prerouting", priority: "filter" },
  { id: "output", type: "filter", hook: "output", priority: "filter" },
  { id: "forward", type: "filter", hook: "forward", priority: "filter" },
  { id: "postrouting", type: "nat", hook: "postrouting", priority: "srcnat" },
];

/** The chains a ruleset uses, in CHAINS order. */
export function chainsOf(ruleset: Ruleset): ChainSpec[] {
  return CHAINS.filter((chain) => ruleset.rules.some((rule) => rule.chain === chain.id));
}
