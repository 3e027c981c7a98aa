// The openings Lintas keeps in the host firewall, as data: which ones the config needs (a protocol that is on,
// through every foreign forward chain that does not already pass its packets, using that chain owner's own
// extension point), which ones are there, and the difference. Pure; hostfw/apply.ts carries them out.
import type { Network } from "../config";
import { PROTOCOLS, protocolSpec, type FlowMatch, type ProtocolId } from "../protocols";
import { evaluateChain } from "./evaluate";
import type { HostRule, HostRuleset, HostTable, IpFamily, Match, TableFamily, TableSource } from "./model";
import { nftRuleKey } from "./nft-json";
import { FIREWALLD_TABLE, ownerOf } from "./owners";
import { familiesOf, flowPackets, flowsOf, type FlowPacket } from "./packets";
import { forwardChains } from "./snapshot";

/** Every Lintas rule in a host firewall carries this comment prefix, then the switch: "lintas: ipsec.natT". */
export const OPENING_COMMENT = "lintas: ";
export const FIREWALLD_POLICY_PREFIX = "lintas-";

export type IptablesOpening = {
  owner: "docker" | "iptables";
  source: Exclude<TableSource, "nft">;
  family: IpFamily;
  table: string;
  chain: string;
  switch: string;
  /** The rule as iptables-save prints it, without `-A CHAIN`. */
  rule: string;
};
export type NftOpening = {
  owner: "nftables" | "fw4";
  family: TableFamily;
  table: string;
  chain: string;
  switch: string;
  comment: string;
  text: string;
  /** What the rule means (nftRuleKey): of the expressions to insert, or of the kernel's listing of a present rule. */
  key: string;
  /** Rules to insert: the expressions. */
  expr?: unknown[];
  /** Present rules: the handle to delete it by. */
  handle?: number;
};
/** `ufw route allow in on LAN out on WAN ...`: ufw writes the IPv4 and IPv6 rules from one command. */
export type UfwOpening = { owner: "ufw"; switch: string; lan: string; wan: string; match: FlowMatch };
/** A firewalld policy from the LAN zones to the WAN zone, one per protocol, allowing its ports and protocols. */
export type FirewalldOpening = {
  owner: "firewalld";
  protocol: ProtocolId;
  policy: string;
  ingressZones: string[];
  egressZones: string[];
  /** "500/udp", "esp", sorted. */
  entries: string[];
  /** The LAN->WAN interface pairs its dispatch must cover. */
  pairs: [string, string][];
};
export type Opening = IptablesOpening | NftOpening | UfwOpening | FirewalldOpening;
export type OpeningChanges = { add: Opening[]; remove: Opening[] };

export function openingKey(opening: Opening): string {
  switch (opening.owner) {
    case "docker":
    case "iptables":
      return `${opening.source} ${opening.family} ${opening.table} ${opening.chain} ${opening.rule}`;
    case "nftables":
    case "fw4":
      return `${opening.family} ${opening.table} ${opening.chain} ${opening.key}`;
    case "ufw":
      return `ufw ${opening.lan} ${opening.wan} ${JSON.stringify(opening.match)}`;
    case "firewalld":
      return `firewalld ${opening.policy} ${opening.entries.join(",")} ${JSON.stringify(opening.pairs)} ${opening.ingressZones.join(",")}>${opening.egressZones.join(",")}`;
  }
}

// ---- what the config needs ----

export type OpeningsInput = {
  network: Pick<Network, "lanInterfaces" | "wanInterface" | "hostFirewall">;
  /** Each protocol the kernel now lets through, with its switch settings. */
  active: { protocol: ProtocolId; settings: Record<string, boolean> }[];
  families: readonly IpFamily[];
};

/** The openings the host firewall needs so that every active protocol passes it (none in report mode). */
export function desiredOpenings(foreign: HostRuleset, input: OpeningsInput, present = presentOpenings(foreign)): Opening[] {
  if (input.network.hostFirewall !== "open") return [];
  const bare = withoutOpenings(foreign, present);
  const openings = new Map<string, Opening>();
  const firewalld = new Map<ProtocolId, Set<string>>();
  for (const { protocol, settings } of input.active) {
    const spec = protocolSpec(protocol);
    for (const fp of flowPackets(input.network, spec, flowsOf(spec, settings), familiesOf(spec, input.families))) {
      for (const { table, chain } of forwardChains(bare, fp.packet.family)) {
        if (evaluateChain(table, chain, fp.packet).verdict === "accept") continue;
        const owner = ownerOf(table);
        if (owner === "firewalld") {
          if (fp.direction === "out") (firewalld.get(protocol) ?? firewalld.set(protocol, new Set()).get(protocol)!).add(firewalldEntry(fp.flow.match));
          continue;
        }
        const opening = openingIn(owner, table, chain.name, fp, input.network.wanInterface);
        if (opening) openings.set(openingKey(opening), opening);
      }
    }
  }
  const firewalldTable = bare.tables.find((t) => t.family === "inet" && t.name === FIREWALLD_TABLE);
  for (const [protocol, entries] of firewalld) {
    if (firewalldTable) openings.set(`firewalld ${protocol}`, firewalldOpening(firewalldTable, protocol, [...entries], input.network));
  }
  return [...openings.values()];
}

function openingIn(owner: ReturnType<typeof ownerOf>, table: HostTable, chain: string, fp: FlowPacket, wan: string): Opening | undefined {
  const comment = `${OPENING_COMMENT}${fp.switchName}`;
  switch (owner) {
    case "docker":
    case "iptables":
      return {
        owner,
        source: table.source as IptablesOpening["source"],
        family: table.family === "ip6" ? "ipv6" : "ipv4",
        table: table.name,
        chain: owner === "docker" ? "DOCKER-USER" : chain,
        switch: fp.switchName,
        rule: iptablesRule(fp, wan, comment),
      };
    case "nftables":
    case "fw4": {
      const expr = nftExpr(fp, wan);
      return { owner, family: table.family, table: table.name, chain, switch: fp.switchName, comment, text: nftText(fp, wan), key: nftRuleKey(expr, comment), expr };
    }
    case "ufw":
      // ufw's own ufw-before-forward accepts replies (RELATED,ESTABLISHED); a route rule opens new flows only.
      return fp.direction === "out" ? { owner, switch: fp.switchName, lan: fp.lan, wan, match: fp.flow.match } : undefined;
    default:
      return undefined;
  }
}

// The same wire match as Lintas's own rules: the port as destination LAN->WAN, as source in the replies, which
// are accepted only as part of a flow (established or related), never as new flows from the WAN.
function iptablesRule(fp: FlowPacket, wan: string, comment: string): string {
  const [iif, oif] = fp.direction === "out" ? [fp.lan, wan] : [wan, fp.lan];
  const match = fp.flow.match;
  const proto = "port" in match ? `-p ${match.l4proto} -m ${match.l4proto} --${fp.direction === "out" ? "dport" : "sport"} ${match.port}` : `-p ${match.l4proto}`;
  const state = fp.direction === "reply" ? " -m conntrack --ctstate RELATED,ESTABLISHED" : "";
  return `-i ${iif} -o ${oif} ${proto}${state} -m comment --comment "${comment}" -j ACCEPT`;
}

function nftExpr(fp: FlowPacket, wan: string): unknown[] {
  const [iif, oif] = fp.direction === "out" ? [fp.lan, wan] : [wan, fp.lan];
  const match = (left: unknown, right: unknown, op = "==") => ({ match: { op, left, right } });
  const m = fp.flow.match;
  return [
    match({ meta: { key: "iifname" } }, iif),
    match({ meta: { key: "oifname" } }, oif),
    "port" in m
      ? match({ payload: { protocol: m.l4proto, field: fp.direction === "out" ? "dport" : "sport" } }, m.port)
      : match({ meta: { key: "l4proto" } }, m.l4proto),
    ...(fp.direction === "reply" ? [match({ ct: { key: "state" } }, ["established", "related"], "in")] : []),
    { accept: null },
  ];
}

function nftText(fp: FlowPacket, wan: string): string {
  const [iif, oif] = fp.direction === "out" ? [fp.lan, wan] : [wan, fp.lan];
  const m = fp.flow.match;
  const wire = "port" in m ? `${m.l4proto} ${fp.direction === "out" ? "dport" : "sport"} ${m.port}` : `meta l4proto ${m.l4proto}`;
  const state = fp.direction === "reply" ? " ct state established,related" : "";
  return `iifname "${iif}" oifname "${oif}" ${wire}${state} accept comment "${OPENING_COMMENT}${fp.switchName}"`;
}

const firewalldEntry = (match: FlowMatch) => ("port" in match ? `${match.port}/${match.l4proto}` : match.l4proto);

function firewalldOpening(table: HostTable, protocol: ProtocolId, entries: string[], network: OpeningsInput["network"]): FirewalldOpening {
  const zone = (iface: string) => firewalldZone(table, iface) ?? "public";
  return {
    owner: "firewalld",
    protocol,
    policy: `${FIREWALLD_POLICY_PREFIX}${protocol}`,
    ingressZones: [...new Set(network.lanInterfaces.map(zone))].sort(),
    egressZones: [zone(network.wanInterface)],
    entries: entries.sort(),
    pairs: network.lanInterfaces.map((lan): [string, string] => [lan, network.wanInterface]),
  };
}

const ZONE_CHAIN = "filter_FWD_";

/** The zone firewalld puts an interface in, read from its dispatch chain: `iifname "br-lan" goto filter_FWD_internal`. */
export function firewalldZone(table: HostTable, iface: string): string | undefined {
  const dispatch = table.chains.find((c) => c.name === "filter_FORWARD_ZONES");
  for (const rule of dispatch?.rules ?? []) {
    const target = "target" in rule.verdict ? rule.verdict.target : undefined;
    if (!target?.startsWith(ZONE_CHAIN)) continue;
    const iif = rule.matches.find((m) => m.kind === "iifname");
    if (rule.matches.length === 0) return target.slice(ZONE_CHAIN.length);
    if (iif?.kind === "iifname" && !iif.negate && iif.names.includes(iface) && rule.matches.length === 1) return target.slice(ZONE_CHAIN.length);
  }
  return undefined;
}

// ---- what is there ----

export type Present = { openings: Opening[]; rules: Set<HostRule> };

/** Lintas's openings found in the ruleset, and the rules that make them up (to leave out when judging the host alone). */
export function presentOpenings(foreign: HostRuleset): Present {
  const openings: Opening[] = [];
  const rules = new Set<HostRule>();
  for (const table of foreign.tables) {
    if (table.unreadable) continue;
    const owner = ownerOf(table);
    for (const chain of table.chains) {
      for (const rule of chain.rules) {
        if (!rule.comment?.startsWith(OPENING_COMMENT)) continue;
        const switchName = rule.comment.slice(OPENING_COMMENT.length);
        rules.add(rule);
        if (table.source === "nft") {
          const nftOwner = owner === "fw4" ? "fw4" : "nftables";
          openings.push({ owner: nftOwner, family: table.family, table: table.name, chain: chain.name, switch: switchName, comment: rule.comment, text: `${rule.text} comment "${rule.comment}"`, key: rule.key, handle: rule.handle });
        } else {
          openings.push({
            owner: owner === "docker" ? "docker" : "iptables",
            source: table.source,
            family: table.family === "ip6" ? "ipv6" : "ipv4",
            table: table.name,
            chain: chain.name,
            switch: switchName,
            rule: rule.text,
          });
        }
      }
    }
    if (owner === "ufw") presentUfw(table, openings, rules);
    if (owner === "firewalld" && table.name === FIREWALLD_TABLE) presentFirewalld(table, openings, rules);
  }
  return { openings, rules };
}

/**
 * ufw keeps no comment in the kernel: a route rule of the exact form Lintas adds, for any interfaces (a rule from
 * before the LAN or WAN was renamed included), counts as an opening (IPv4 table). Only one whose comment in ufw's
 * own listing is Lintas's is ever removed (apply.ts).
 */
function presentUfw(table: HostTable, openings: Opening[], rules: Set<HostRule>) {
  const chain = table.chains.find((c) => c.name === "ufw-user-forward" || c.name === "ufw6-user-forward");
  for (const rule of chain?.rules ?? []) {
    const form = ufwForm(rule);
    if (!form) continue;
    rules.add(rule);
    if (table.family === "ip") openings.push({ owner: "ufw", switch: "", ...form });
  }
}

const CATALOGUE_MATCHES = new Set(PROTOCOLS.flatMap((spec) => spec.flows.map((flow) => JSON.stringify(flow.match))));

/** `-i LAN -o WAN -p PROTO [--dport PORT] -j ACCEPT`, where the wire match is one of the catalogue's flows. */
function ufwForm(rule: HostRule): { lan: string; wan: string; match: FlowMatch } | undefined {
  if (rule.verdict.kind !== "accept" || rule.matches.some((m) => "negate" in m && m.negate)) return undefined;
  const find = <K extends Match["kind"]>(kind: K) => rule.matches.filter((m): m is Match & { kind: K } => m.kind === kind);
  const [iif] = find("iifname");
  const [oif] = find("oifname");
  const [proto] = find("l4proto");
  const ports = find("port");
  if (rule.matches.length !== 3 + ports.length || !iif || !oif || !proto || iif.names.length !== 1 || oif.names.length !== 1 || ports.length > 1) return undefined;
  const [port] = ports;
  const single = port && port.side === "dport" && port.ranges.length === 1 && port.ranges[0]![0] === port.ranges[0]![1] ? port.ranges[0]![0] : undefined;
  const match = (port ? { l4proto: proto.protocols[0], port: single } : { l4proto: proto.protocols[0] }) as FlowMatch;
  if (!CATALOGUE_MATCHES.has(JSON.stringify(match))) return undefined;
  return { lan: iif.names[0]!, wan: oif.names[0]!, match };
}

function presentFirewalld(table: HostTable, openings: Opening[], rules: Set<HostRule>) {
  const dispatch = table.chains.find((c) => c.name === "filter_FORWARD_POLICIES_pre");
  for (const chain of table.chains) {
    const name = /^filter_FWD_policy_(lintas-[\w-]+)_allow$/.exec(chain.name)?.[1];
    if (!name) continue;
    const entries = chain.rules.flatMap((rule) => {
      const port = rule.matches.find((m) => m.kind === "port");
      const proto = rule.matches.find((m) => m.kind === "l4proto");
      if (port?.kind === "port") return [`${port.ranges[0]![0]}/${port.protocol}`];
      return proto?.kind === "l4proto" ? [proto.protocols[0]!] : [];
    });
    const pairs: [string, string][] = [];
    for (const rule of dispatch?.rules ?? []) {
      if (!("target" in rule.verdict) || rule.verdict.target !== `filter_FWD_policy_${name}`) continue;
      rules.add(rule);
      const names = (kind: "iifname" | "oifname") => rule.matches.flatMap((m) => (m.kind === kind ? m.names : []));
      for (const iif of names("iifname")) for (const oif of names("oifname")) pairs.push([iif, oif]);
    }
    if (entries.length === 0) continue;
    const protocol = name.slice(FIREWALLD_POLICY_PREFIX.length) as ProtocolId;
    openings.push({ owner: "firewalld", protocol, policy: name, ingressZones: [], egressZones: [], entries: entries.sort(), pairs });
  }
}

/** The ruleset without the given rules: the host firewall as it would be without Lintas's openings. */
export function withoutOpenings(ruleset: HostRuleset, present: Present): HostRuleset {
  return {
    tables: ruleset.tables.map((table) => ({
      ...table,
      chains: table.chains.map((chain) => ({ ...chain, rules: chain.rules.filter((rule) => !present.rules.has(rule)) })),
    })),
  };
}

// ---- the difference ----

/** What to add and remove so that exactly the desired openings are there. */
export function openingChanges(desired: Opening[], present: Opening[]): OpeningChanges {
  const desiredKeys = new Set(desired.map(openingKey));
  const presentKeys = new Set(present.map(openingKey));
  // firewalld policies are changed whole: one that must stay is brought up to date, not removed.
  const desiredPolicies = new Set(desired.flatMap((o) => (o.owner === "firewalld" ? [o.policy] : [])));
  return {
    add: desired.filter((o) => !presentKeys.has(openingKey(o)) && !(o.owner === "firewalld" && firewalldSatisfied(o, present))),
    remove: present.filter((o) => !desiredKeys.has(openingKey(o)) && !(o.owner === "firewalld" && desiredPolicies.has(o.policy))),
  };
}

/** A present policy serves a desired one when it allows the same entries and dispatches every LAN->WAN pair. */
function firewalldSatisfied(wanted: FirewalldOpening, present: Opening[]): boolean {
  return present.some(
    (o) =>
      o.owner === "firewalld" &&
      o.policy === wanted.policy &&
      o.entries.join(",") === wanted.entries.join(",") &&
      wanted.pairs.every(([lan, wan]) => o.pairs.some(([i, w]) => i === lan && w === wan)),
  );
}

/** One line per opening, as the owner's own tool would be told: for logs, goldens and `lintas status`. */
export function openingText(opening: Opening): string {
  switch (opening.owner) {
    case "docker":
    case "iptables": {
      const tool = `${opening.family === "ipv6" ? "ip6tables" : "iptables"}${opening.source === "iptables-legacy" ? "-legacy" : ""}`;
      return `${tool} -t ${opening.table} -I ${opening.chain} ${opening.rule}`;
    }
    case "nftables":
    case "fw4":
      return `nft insert rule ${opening.family} ${opening.table} ${opening.chain} ${opening.text}`;
    case "ufw":
      return `ufw ${ufwWords(opening).map((w) => (w.includes(" ") ? `'${w}'` : w)).join(" ")}`;
    case "firewalld":
      return `firewalld policy ${opening.policy}: ${opening.ingressZones.join(",")} -> ${opening.egressZones.join(",")} allow ${opening.entries.join(" ")}`;
  }
}

/** The words after `ufw` that add (or, after `route delete`, remove) an opening. */
export function ufwWords(opening: UfwOpening): string[] {
  const m = opening.match;
  const wire = "port" in m ? ["proto", m.l4proto, "to", "any", "port", String(m.port)] : ["proto", m.l4proto];
  return ["route", "allow", "in", "on", opening.lan, "out", "on", opening.wan, ...wire, "comment", `${OPENING_COMMENT}${opening.switch}`];
}
