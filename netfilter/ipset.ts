// Scope sets for the iptables backend: ipset hash:net sets, filled by one `ipset restore` into a spare set and
// swapped in (each swap is atomic), as `iptables -m set --match-set` reads them. Pure: the restore input, the
// names, and read-back keys from `ipset save`.
import { ADDRESS_BITS, mergeRanges, parseRangeText, rangeBlocks, rangeText, type AddressRange, type IpFamily } from "./ip";
import type { AddressSet } from "./model";
import { isScopeSetName } from "./scope-sets";

/** ipset names are global in a network namespace: Lintas's start with this. */
export const IPSET_PREFIX = "lintas_";
export const ipsetName = (set: string) => `${IPSET_PREFIX}${set}`;
/** The spare set each one is filled in before the swap. */
export const spareName = (set: string) => `${ipsetName(set)}_new`;

/** ipset's word for each address family. */
export const IPSET_FAMILY = { ipv4: "inet", ipv6: "inet6" } as const;
// Ranges become CIDR blocks: a few per range, so room well beyond the entries a scope takes.
const MAX_ELEMENTS = 1_048_576;

/** A set's elements as hash:net takes them: CIDR blocks. */
export function ipsetElements(set: AddressSet): string[] {
  return set.elements.flatMap((text) => {
    const range = parseRangeText(text);
    return range ? rangeBlocks(range).flatMap(withoutSlashZero).map(rangeText) : [];
  });
}

/** hash:net has no /0: the whole address space goes in as its two halves. */
function withoutSlashZero(block: AddressRange): AddressRange[] {
  if (block.first !== 0n || block.last !== (1n << BigInt(ADDRESS_BITS[block.family])) - 1n) return [block];
  const middle = (block.last + 1n) / 2n;
  return [{ ...block, last: middle - 1n }, { ...block, first: middle }];
}

const createLine = (name: string, family: IpFamily) => `create ${name} hash:net family ${IPSET_FAMILY[family]} maxelem ${MAX_ELEMENTS}`;

/** `ipset restore -exist` input: every set exists (empty when new), its spare holds the new elements. */
export function ipsetFill(sets: readonly AddressSet[]): string {
  const lines = sets.flatMap((set) => {
    const [live, spare] = [ipsetName(set.name), spareName(set.name)];
    return [createLine(live, set.family), createLine(spare, set.family), `flush ${spare}`, ...ipsetElements(set).map((element) => `add ${spare} ${element}`)];
  });
  return lines.join("\n") + "\n";
}

/** `ipset restore` input that swaps each spare with its set (run again, it swaps them back). */
export function ipsetSwap(sets: readonly AddressSet[]): string {
  return sets.map((set) => `swap ${spareName(set.name)} ${ipsetName(set.name)}\n`).join("");
}

/** The keys of sets as read back: per set its family and its elements merged into the renderer's canonical text. */
export function ipsetKeys(sets: readonly AddressSet[]): string[] {
  return sets.map((set) => `${set.family} set ${ipsetName(set.name)} ${set.elements.join(" ")}`);
}

/** Lintas's live scope sets in `ipset save` output, as keys like ipsetKeys gives (spares and attempt sets left out). */
export function savedIpsetKeys(saved: string): string[] {
  const sets = new Map<string, { family: IpFamily; ranges: AddressRange[] }>();
  for (const line of saved.split("\n")) {
    const [verb, name, ...rest] = line.split(" ");
    if (!name?.startsWith(IPSET_PREFIX) || !isScopeSetName(name.slice(IPSET_PREFIX.length))) continue;
    if (verb === "create") sets.set(name, { family: rest.includes("inet6") ? "ipv6" : "ipv4", ranges: [] });
    const range = verb === "add" ? parseRangeText(rest[0] ?? "") : undefined;
    if (range) sets.get(name)?.ranges.push(range);
  }
  return [...sets].map(([name, set]) => `${set.family} set ${name} ${mergeRanges(set.ranges).map(rangeText).join(" ")}`);
}

/** Lintas's set names (live and spare) in `ipset list -n` output. */
export function listedIpsets(listing: string): string[] {
  return listing.split("\n").filter((name) => name.startsWith(IPSET_PREFIX));
}
