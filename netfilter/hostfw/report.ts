// What the host firewall does, for status: its forward chains with their owners, and per protocol the verdict
// and where Lintas opened it. Plain data (status --json prints it as it is).
import type { HostFirewallMode, LintasConfig } from "../config";
import { PROTOCOLS, type ProtocolId } from "../protocols";
import { judgeProtocols, type HostVerdict } from "./judge";
import type { HostRuleset, IpFamily } from "./model";
import { presentOpenings, type Opening } from "./openings";
import { hostFirewalls, type Owner } from "./owners";

/** Where an opening sits: "DOCKER-USER", "inet filter forward", the firewalld policy's name, ufw's route rules. */
export type OpenedIn = { owner: Owner; where: string };

export type HostProtocolReport = { verdict: HostVerdict; openedIn: OpenedIn[] };

export type HostReport =
  | { readable: false; reason: string }
  | {
      readable: true;
      mode: HostFirewallMode;
      firewalls: { family: string; table: string; chain: string; priority: number; policy: "accept" | "drop"; owner: Owner }[];
      protocols: Record<ProtocolId, HostProtocolReport>;
    };

export function hostReport(foreign: HostRuleset, config: LintasConfig, families: readonly IpFamily[]): HostReport {
  const verdicts = judgeProtocols(foreign, { ...config, families });
  const present = presentOpenings(foreign).openings;
  const protocols = {} as Record<ProtocolId, HostProtocolReport>;
  for (const spec of PROTOCOLS) {
    const openedIn = new Map<string, OpenedIn>();
    for (const opening of present.filter((o) => openingProtocol(o) === spec.id)) {
      const where = openedWhere(opening);
      openedIn.set(`${opening.owner} ${where}`, { owner: opening.owner, where });
    }
    protocols[spec.id] = { verdict: verdicts[spec.id], openedIn: [...openedIn.values()] };
  }
  const firewalls = hostFirewalls(foreign).map((fw) => ({
    family: fw.table.family,
    table: fw.table.name,
    chain: fw.chain,
    priority: fw.priority,
    policy: fw.policy,
    owner: fw.owner,
  }));
  return { readable: true, mode: config.network.hostFirewall, firewalls, protocols };
}

function openedWhere(opening: Opening): string {
  switch (opening.owner) {
    case "docker":
      return opening.chain;
    case "iptables":
    case "nftables":
    case "fw4":
      return `${opening.family === "ipv4" ? "ip" : opening.family === "ipv6" ? "ip6" : opening.family} ${opening.table} ${opening.chain}`;
    case "ufw":
      return "ufw route";
    case "firewalld":
      return opening.policy;
  }
}

/** The protocol an opening serves: named by its switch ("ipsec.natT"), or for ufw's commentless rules by its wire match. */
export function openingProtocol(opening: Opening): ProtocolId | undefined {
  if (opening.owner === "firewalld") return opening.protocol;
  if (opening.owner === "ufw") {
    const key = JSON.stringify(opening.match);
    return PROTOCOLS.find((spec) => spec.flows.some((flow) => JSON.stringify(flow.match) === key))?.id;
  }
  const id = opening.switch.split(".")[0];
  return PROTOCOLS.find((spec) => spec.id === id)?.id;
}
