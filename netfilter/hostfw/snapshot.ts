// The host's ruleset as the evaluator reads it: nft's listing, with iptables tables read from their save text
// (iptables-nft ones whose rules nft prints as opaque xt, and the legacy x_tables), minus Lintas's own rules.
import { TABLE_FAMILY, TABLE_NAME, type NftListing } from "../nft";
import { parseIptablesSave } from "./iptables-save";
import type { BaseChain, HostChain, HostRuleset, HostTable, IpFamily, TableFamily } from "./model";
import { parseNftRuleset } from "./nft-json";

export type HostListing = {
  /** `nft -j list ruleset`, parsed. */
  nft: NftListing;
  /** iptables-save / ip6tables-save (iptables-nft), for the families that have unreadable tables. */
  iptablesSave?: Partial<Record<IpFamily, string>>;
  /** iptables-legacy-save / ip6tables-legacy-save, where they list tables. */
  legacySave?: Partial<Record<IpFamily, string>>;
};

const TABLE_FAMILY_OF: Record<IpFamily, "ip" | "ip6"> = { ipv4: "ip", ipv6: "ip6" };
// The legacy kernel tables that have a FORWARD chain, at their fixed priorities.
const LEGACY_FORWARD: Record<string, number> = { mangle: -150, filter: 0, security: 50 };
/** Chains of Lintas's iptables backend (netfilter/iptables.ts): ours, not the host's. */
const OWN_CHAIN_PREFIX = "LINTAS_";

/** `nftTables`: the listing's nft part already parsed (a cold process pays for parsing it twice). */
export function hostRuleset(listing: HostListing, nftTables = parseNftRuleset(listing.nft)): HostRuleset {
  const tables = nftTables.map((table) => withSavedRules(table, listing.iptablesSave));
  for (const family of ["ipv4", "ipv6"] as const) {
    const text = listing.legacySave?.[family];
    if (text) tables.push(...legacyTables(text, family));
  }
  return { tables };
}

/** The families whose iptables-nft tables nft lists as opaque xt: their iptables-save text must be read too. */
export function familiesNeedingSave(nftTables: HostTable[]): IpFamily[] {
  const families = nftTables.filter((t) => t.source === "iptables-nft" && t.unreadable).map((t) => t.family);
  return (["ipv4", "ipv6"] as const).filter((family) => families.includes(TABLE_FAMILY_OF[family]));
}

function withSavedRules(table: HostTable, saves: HostListing["iptablesSave"]): HostTable {
  if (table.source !== "iptables-nft" || !table.unreadable || table.family === "inet") return table;
  const family: IpFamily = table.family === "ip" ? "ipv4" : "ipv6";
  const text = saves?.[family];
  if (text === undefined) return table;
  const saved = parseIptablesSave(text, family).find((t) => t.name === table.name);
  if (!saved) return { ...table, unreadable: `${family === "ipv4" ? "iptables-save" : "ip6tables-save"} does not list it` };
  const chains = saved.chains.map((chain) => ({ ...chain, base: table.chains.find((c) => c.name === chain.name)?.base }));
  return { family: table.family, name: table.name, source: table.source, chains };
}

function legacyTables(text: string, family: IpFamily): HostTable[] {
  return parseIptablesSave(text, family).map((saved) => ({
    family: TABLE_FAMILY_OF[family],
    name: saved.name,
    source: "iptables-legacy",
    chains: saved.chains.map((chain): HostChain => {
      const priority = LEGACY_FORWARD[saved.name];
      const base: BaseChain | undefined =
        chain.name === "FORWARD" && priority !== undefined ? { hook: "forward", priority, policy: saved.policies.FORWARD ?? "accept" } : undefined;
      return { ...chain, base };
    }),
  }));
}

/** Everything but Lintas's own table and chains: the host firewall, Lintas's openings in it included. */
export function foreignRuleset(ruleset: HostRuleset): HostRuleset {
  const tables = ruleset.tables
    .filter((t) => !(t.family === TABLE_FAMILY && t.name === TABLE_NAME))
    .map((table) => ({
      ...table,
      chains: table.chains
        .filter((chain) => !chain.name.startsWith(OWN_CHAIN_PREFIX))
        .map((chain) => ({
          ...chain,
          rules: chain.rules.filter((rule) => !("target" in rule.verdict && rule.verdict.target.startsWith(OWN_CHAIN_PREFIX))),
        })),
    }));
  return { tables };
}

export type ForwardChain = { table: HostTable; chain: HostChain & { base: BaseChain } };

/** The base chains on the forward hook that see a packet of this family, in the order the kernel runs them. */
export function forwardChains(ruleset: HostRuleset, family: IpFamily): ForwardChain[] {
  const families: TableFamily[] = ["inet", TABLE_FAMILY_OF[family]];
  return ruleset.tables
    .filter((table) => families.includes(table.family))
    .flatMap((table) =>
      table.chains.flatMap((chain) => (chain.base?.hook === "forward" ? [{ table, chain: chain as ForwardChain["chain"] }] : [])),
    )
    .sort((a, b) => a.chain.base.priority - b.chain.base.priority);
}
