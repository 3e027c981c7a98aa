// Blocked attempts: while a protocol is off, or a packet falls outside its scope, the drop is preceded by a rule
// that records the new connection's (LAN source, server) pair in a dynamic set with a counter per pair and a
// timeout. `nft -j list sets` reads them back: the counter is the attempts, the time left says when the last
// was (every attempt restarts the timeout). An apply keeps the sets, their pairs and counts (nft-update.ts).
import { firstLine, type Runner } from "./exec";
import type { IpFamily } from "./ip";
import type { AttemptSet, Rule, RuleMatch } from "./model";
import { TABLE_FAMILY, TABLE_NAME } from "./nft";
import { PROTOCOL_IDS, type ProtocolId } from "./protocols";

/** How long a pair is remembered after its last attempt. */
export const ATTEMPT_TIMEOUT_SECONDS = 24 * 60 * 60;
/**
 * Most pairs a set keeps (per protocol and family): past it, new pairs are not recorded, the drop still happens.
 * A LAN host spraying spoofed sources fills a set at once, and every Monitor poll (2 s), watcher look and
 * read-back lists all its pairs: 65,535 took seconds each, 1,024 a few milliseconds. More distinct blocked
 * pairs than that in a day is an attack to stop, not a tally to keep.
 */
export const ATTEMPT_PAIRS_MAX = 1024;
const FAMILIES = ["ipv4", "ipv6"] as const;

export const attemptSetName = (protocol: ProtocolId, family: IpFamily) => `${protocol}_blocked_${family === "ipv4" ? "v4" : "v6"}`;

export function attemptSets(protocol: ProtocolId): AttemptSet[] {
  return FAMILIES.map((family) => ({ name: attemptSetName(protocol, family), family, timeoutSeconds: ATTEMPT_TIMEOUT_SECONDS, maxPairs: ATTEMPT_PAIRS_MAX }));
}

/** The rules that record a dropped LAN->WAN flow's new connections, one per family, placed before its drop. */
export function trackRules(protocol: ProtocolId, drop: Rule): Rule[] {
  return FAMILIES.map((family): Rule => {
    const match: RuleMatch = { ...drop.match, addresses: { family } };
    return { ...drop, match, action: { kind: "track", set: attemptSetName(protocol, family) }, comment: `${drop.comment}: attempt counted (${family === "ipv4" ? "IPv4" : "IPv6"})` };
  });
}

/** One LAN device's attempts at one server: `lastSeconds` ago was the last. */
export type Attempt = { protocol: ProtocolId; client: string; server: string; count: number; lastSeconds: number };

type ListedElement = { elem?: { val?: { concat?: unknown[] }; expires?: number; timeout?: number; counter?: { packets?: number; bytes?: number } } };
/** What `nft -j list sets` prints, parsed. */
type NftSetsListing = { nftables: readonly unknown[] };
type ListedSet = { set?: { name?: string; table?: string; timeout?: number; elem?: ListedElement[] } };

const SET_NAME = new RegExp(`^(${PROTOCOL_IDS.join("|")})_blocked_v[46]$`);

/** The attempts in `nft -j list sets table inet lintas` (other sets and objects ignored), most recent first. */
export function parseAttempts(listing: NftSetsListing): Attempt[] {
  const attempts: Attempt[] = [];
  for (const { set } of listing.nftables as readonly ListedSet[]) {
    const protocol = set?.name?.match(SET_NAME)?.[1] as ProtocolId | undefined;
    if (!protocol) continue;
    for (const { elem } of set!.elem ?? []) {
      const [client, server] = elem?.val?.concat ?? [];
      if (typeof client !== "string" || typeof server !== "string") continue;
      const timeout = elem!.timeout ?? set!.timeout ?? ATTEMPT_TIMEOUT_SECONDS;
      attempts.push({ protocol, client, server, count: elem!.counter?.packets ?? 0, lastSeconds: Math.max(0, timeout - (elem!.expires ?? timeout)) });
    }
  }
  return attempts.sort(byRecency);
}

/** Most recent first; then by protocol and LAN device, so a listing keeps its order between reads. */
export const byRecency = (a: Attempt, b: Attempt) => a.lastSeconds - b.lastSeconds || a.protocol.localeCompare(b.protocol) || a.client.localeCompare(b.client);

/** The attempts counted now; none when the table is absent (nothing applied). The iptables side: ipset-attempts.ts. */
export async function readAttempts(runner: Runner): Promise<Attempt[]> {
  const result = await runner.run(["nft", "-j", "list", "sets", "table", TABLE_FAMILY, TABLE_NAME]);
  if (result.code !== 0) {
    if (/No such file or directory/.test(result.stderr)) return [];
    throw new Error(`cannot read the blocked attempts: ${firstLine(result.stderr)}`);
  }
  return parseAttempts(JSON.parse(result.stdout));
}
