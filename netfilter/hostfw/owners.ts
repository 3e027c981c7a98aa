// Who keeps each table that sees forwarded traffic, known by the marks each leaves: Docker its DOCKER-USER
// chain, ufw its ufw-* chains, firewalld and OpenWrt's fw4 their table names. Pure.
import type { HostRuleset, HostTable, IpFamily } from "./model";
import { forwardChains } from "./snapshot";

export type Owner =
  | "docker" // iptables with Docker's DOCKER-USER chain
  | "ufw" // iptables with ufw's ufw-*/ufw6-* chains
  | "firewalld" // table inet firewalld (and its reload-time firewalld_policy_drop)
  | "fw4" // OpenWrt's table inet fw4
  | "iptables" // other iptables rules (iptables-persistent, a script)
  | "nftables" // another nft table (a plain /etc/nftables.conf)
  | "unknown"; // rules Lintas cannot read

export const FIREWALLD_TABLE = "firewalld";

export function ownerOf(table: HostTable): Owner {
  if (table.unreadable) return "unknown";
  if (table.source !== "nft") {
    // Docker first: it puts its jump to DOCKER-USER at the top of FORWARD, before ufw's.
    if (table.chains.some((c) => c.name === "DOCKER-USER")) return "docker";
    if (table.chains.some((c) => c.name.startsWith("ufw-") || c.name.startsWith("ufw6-"))) return "ufw";
    return "iptables";
  }
  if (table.family === "inet" && (table.name === FIREWALLD_TABLE || table.name === "firewalld_policy_drop")) return "firewalld";
  if (table.family === "inet" && table.name === "fw4") return "fw4";
  return "nftables";
}

export type HostFirewall = { table: HostTable; chain: string; priority: number; policy: "accept" | "drop"; owner: Owner };

/** Every base chain on the forward hook (either family), in priority order, with its owner. */
export function hostFirewalls(ruleset: HostRuleset): HostFirewall[] {
  const seen = new Set<string>();
  return (["ipv4", "ipv6"] as IpFamily[])
    .flatMap((family) => forwardChains(ruleset, family))
    .filter(({ table, chain }) => {
      const key = `${table.source} ${table.family} ${table.name} ${chain.name}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => a.chain.base.priority - b.chain.base.priority)
    .map(({ table, chain }) => ({ table, chain: chain.name, priority: chain.base.priority, policy: chain.base.policy, owner: ownerOf(table) }));
}
