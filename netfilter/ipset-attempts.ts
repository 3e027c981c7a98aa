// Blocked attempts on the iptables backend (attempts.ts is the nftables side). ipset has no pair type here
// (this kernel has hash:ip,port,ip, not hash:net,net), so each AttemptSet is two hash:ip,port,ip sets keyed by
// (LAN source, protocol:port, server):
// - the recent set (timeout 1 day, no counters): every attempt re-adds its element with --exist, which restarts
//   the timeout, so "last attempt" = timeout - time left, as on nftables;
// - the count set (counters): an element added by a rule starts at 1 packet (this one), and an add with --exist
//   would reset it to 1, so the count set is only matched (+1) while its element exists and added when it does not.
//   A pair not in the recent set has not tried for a day: its old count is deleted before it counts afresh.
//   Its timeout (7 days) frees what a device that never came back left behind; it is never restarted (a re-add
//   would reset the counter), so a device that keeps trying for 7 days has its count start again then.
// Both are created with -exist and kept over applies (their pairs with them); uninstall destroys them.
import { ATTEMPT_TIMEOUT_SECONDS, byRecency, type Attempt } from "./attempts";
import { firstLine, type Runner } from "./exec";
import { IPSET_FAMILY, IPSET_PREFIX, ipsetName } from "./ipset";
import { saveIpsets } from "./ipset-save";
import type { AttemptSet, Ruleset } from "./model";
import { PROTOCOL_IDS, type ProtocolId } from "./protocols";

/** How long a count outlives its pair's last attempt at most, when the pair never tries again. */
const COUNT_TIMEOUT_SECONDS = 7 * ATTEMPT_TIMEOUT_SECONDS;
/** The packet's fields each element is made of: source address, destination port, destination address. */
const KEY = "src,dst,dst";

const countName = (set: string) => `${ipsetName(set)}_count`;
const ATTEMPT_IPSET = new RegExp(`^${IPSET_PREFIX}(${PROTOCOL_IDS.join("|")})_blocked_v[46](_count)?$`);

/** The ipsets an AttemptSet is kept in: the recent set, then the count set. */
export const attemptIpsetNames = (set: AttemptSet) => [ipsetName(set.name), countName(set.name)];

/** The ruleset without what records blocked attempts (for a router without ipset): the drops themselves stay. */
export function withoutAttemptTracking(ruleset: Ruleset): Ruleset {
  return { ...ruleset, attempts: [], rules: ruleset.rules.filter((rule) => rule.action.kind !== "track") };
}

/** `ipset -exist restore` input that creates the sets that do not exist yet, and leaves the others as they are. */
export function attemptIpsetsCreate(sets: readonly AttemptSet[]): string {
  return sets
    .flatMap((set) => {
      const [recent, count] = attemptIpsetNames(set);
      const common = `hash:ip,port,ip family ${IPSET_FAMILY[set.family]} maxelem ${set.maxPairs}`;
      return [`create ${recent} ${common} timeout ${set.timeoutSeconds}`, `create ${count} ${common} counters timeout ${COUNT_TIMEOUT_SECONDS}`];
    })
    .map((line) => `${line}\n`)
    .join("");
}

/**
 * How a tracking rule's lines end, after its interface, protocol and port matches: one count per packet of a new
 * connection (every packet of a dropped one is new again, as nftables' `ct state new` sees it too).
 */
export function trackLineEnds(set: string, comment: string): string[] {
  const [recent, count] = [ipsetName(set), countName(set)];
  const fresh = "-m conntrack --ctstate NEW";
  return [
    `${fresh} -m set ! --match-set ${recent} ${KEY} ${comment} -j SET --del-set ${count} ${KEY}`,
    `${fresh} -m set --match-set ${count} ${KEY} ${comment}`,
    `${fresh} ${comment} -j SET --add-set ${count} ${KEY}`,
    `${fresh} ${comment} -j SET --add-set ${recent} ${KEY} --exist`,
  ];
}

/**
 * The attempts in `ipset save` output of attempt sets (other sets ignored), most recent first. A pair's flows
 * (TCP 1723 and GRE for PPTP) are separate elements: their counts add up, the latest is its last attempt. Only
 * elements still in the recent set count; one whose count is gone (its set full) counts the one attempt it shows.
 * Read word by word with indexOf: a full set is thousands of lines, and splitting each line costs more than ipset's dump.
 */
export function parseIpsetAttempts(saved: string): Attempt[] {
  const sets = new Map<string, { protocol: ProtocolId; counts: boolean; timeout: number } | undefined>();
  const counts = new Map<string, number>();
  const attempts = new Map<string, Attempt>();
  const recent: { protocol: ProtocolId; element: string; left: number; timeout: number }[] = [];
  for (const line of saved.split("\n")) {
    const [verb, name, rest] = words(line);
    if (verb === "create") {
      const found = name.match(ATTEMPT_IPSET);
      if (found) sets.set(name, { protocol: found[1] as ProtocolId, counts: Boolean(found[2]), timeout: numberAfter(rest, "timeout") ?? ATTEMPT_TIMEOUT_SECONDS });
      continue;
    }
    const set = verb === "add" ? sets.get(name) : undefined;
    if (!set) continue;
    const end = rest.indexOf(" ");
    const element = end < 0 ? rest : rest.slice(0, end);
    if (set.counts) counts.set(`${set.protocol} ${element}`, numberAfter(rest, "packets") ?? 0);
    else recent.push({ protocol: set.protocol, element, left: numberAfter(rest, "timeout") ?? set.timeout, timeout: set.timeout });
  }
  for (const { protocol, element, left, timeout } of recent) {
    const [client, server] = [element.slice(0, element.indexOf(",")), element.slice(element.lastIndexOf(",") + 1)];
    const pair = `${protocol} ${client} ${server}`;
    const [count, lastSeconds] = [counts.get(`${protocol} ${element}`) ?? 1, Math.max(0, timeout - left)];
    const seen = attempts.get(pair);
    if (seen) Object.assign(seen, { count: seen.count + count, lastSeconds: Math.min(seen.lastSeconds, lastSeconds) });
    else attempts.set(pair, { protocol, client, server, count, lastSeconds });
  }
  return [...attempts.values()].sort(byRecency);
}

/** A line's first two words and the rest. */
function words(line: string): [string, string, string] {
  const first = line.indexOf(" ");
  const second = first < 0 ? -1 : line.indexOf(" ", first + 1);
  if (second < 0) return [line, "", ""];
  return [line.slice(0, first), line.slice(first + 1, second), line.slice(second + 1)];
}

/** The number after ` key ` in a line's options. */
function numberAfter(options: string, key: string): number | undefined {
  const at = options.indexOf(` ${key} `);
  return at < 0 ? undefined : parseInt(options.slice(at + key.length + 2), 10);
}

/** The attempts counted now, read from the attempt sets only (the scope sets may be large); none without ipset. */
export async function readIpsetAttempts(runner: Runner): Promise<Attempt[]> {
  const saved = await saveIpsets(runner, (name) => ATTEMPT_IPSET.test(name));
  if (saved.code !== 0 || saved.stderr) throw new Error(`cannot read the blocked attempts: ${firstLine(saved.stderr)}`);
  return parseIpsetAttempts(saved.stdout);
}
