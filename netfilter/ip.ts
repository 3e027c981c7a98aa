// IP addresses as numbers: parsing, the canonical text nft and ipset list, networks as ranges, and merging
// ranges into the fewest elements. Pure and without node: modules (the panel's browser code validates scopes).
export type IpFamily = "ipv4" | "ipv6";

export const ADDRESS_BITS: Record<IpFamily, number> = { ipv4: 32, ipv6: 128 };

const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})(?:\/(0|[1-9]\d?))?$/;

/**
 * An IPv4 address (with a prefix length when `withPrefix`) as plain numbers: scopes of 10,000 entries are read
 * on every load and render, and BigInts cost ~10× as much. Parts are decimal without leading zeros (so "010" is
 * not read as octal by one tool and decimal by another).
 */
function parseIpv4Numbers(text: string, withPrefix: boolean): { value: number; prefix?: number } | undefined {
  const parts = DOTTED_QUAD.exec(text);
  if (!parts || (!withPrefix && parts[5] !== undefined)) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const part = Number(parts[i]);
    if (part > 255) return undefined;
    value = value * 256 + part;
  }
  const prefix = parts[5] === undefined ? undefined : Number(parts[5]);
  return prefix !== undefined && prefix > 32 ? undefined : { value, prefix };
}

export function parseIpv4(text: string): bigint | undefined {
  const parsed = parseIpv4Numbers(text, false);
  return parsed && BigInt(parsed.value);
}

/** RFC 4291 text: groups, one `::`, an IPv4 tail; no zone (`%eth0`). */
export function parseIpv6(text: string): bigint | undefined {
  let head = text;
  let tail4: bigint | undefined;
  const lastColon = text.lastIndexOf(":");
  if (lastColon < 0) return undefined;
  if (text.includes(".")) {
    tail4 = parseIpv4(text.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [left, right, extra] = head.split("::");
  if (extra !== undefined) return undefined;
  const groups = (s: string | undefined) => (s ? s.split(":") : []);
  const l = groups(left);
  const r = groups(right);
  const missing = 8 - l.length - r.length;
  if (right === undefined ? missing !== 0 : missing < 1) return undefined;
  const all = [...l, ...Array<string>(right === undefined ? 0 : missing).fill("0"), ...r];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const value = all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  return tail4 === undefined ? value : (value & ~0xffffffffn) | tail4;
}

export type IpAddress = { family: IpFamily; value: bigint };

export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: "ipv4", value: v4 };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { family: "ipv6", value: v6 };
}

function formatIpv4(value: bigint): string {
  const n = Number(value);
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** As glibc's inet_ntop prints it (what nft and ipset list): the longest run of 2+ zero groups is `::`. */
function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.length < 2) best = { at: -1, length: 0 };
  // IPv4-mapped (::ffff:a.b.c.d) and the old IPv4-compatible form end in a dotted quad.
  if (best.at === 0 && (best.length === 6 || (best.length === 5 && groups[5] === 0xffff))) {
    return `::${best.length === 5 ? "ffff:" : ""}${formatIpv4(value & 0xffffffffn)}`;
  }
  const hex = (from: number, to: number) => groups.slice(from, to).map((g) => g.toString(16)).join(":");
  return best.at < 0 ? hex(0, 8) : `${hex(0, best.at)}::${hex(best.at + best.length, 8)}`;
}

export function formatIp(family: IpFamily, value: bigint): string {
  return family === "ipv4" ? formatIpv4(value) : formatIpv6(value);
}

/** A block of consecutive addresses of one family, both ends included. */
export type AddressRange = { family: IpFamily; first: bigint; last: bigint };

export type Network = AddressRange & { prefix: number; hostBitsSet: boolean };

/** An address ("192.168.1.23") or a network in CIDR notation ("198.51.100.0/24"); undefined when it is neither. */
export function parseNetwork(text: string): Network | undefined {
  const v4 = parseIpv4Numbers(text, true);
  if (v4) {
    const prefix = v4.prefix ?? 32;
    const size = 2 ** (32 - prefix);
    const first = v4.value - (v4.value % size);
    return { family: "ipv4", first: BigInt(first), last: BigInt(first + size - 1), prefix, hostBitsSet: first !== v4.value };
  }
  const slash = text.indexOf("/");
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  const address = parseIp(addressText);
  if (!address) return undefined;
  const bits = ADDRESS_BITS[address.family];
  if (prefixText === undefined) return { ...address, first: address.value, last: address.value, prefix: bits, hostBitsSet: false };
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > bits) return undefined;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  const first = address.value & ~hostMask;
  return { family: address.family, first, last: first | hostMask, prefix, hostBitsSet: first !== address.value };
}

/** Ranges of one family sorted and joined where they overlap or touch: the fewest, as an interval set holds them. */
export function mergeRanges(ranges: readonly AddressRange[]): AddressRange[] {
  const sorted = [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const merged: AddressRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.first <= last.last + 1n) {
      if (range.last > last.last) last.last = range.last;
    } else merged.push({ ...range });
  }
  return merged;
}

/** The prefix length of a range that is exactly one CIDR block, or undefined. */
function blockPrefix({ family, first, last }: AddressRange): number | undefined {
  const size = last - first + 1n;
  if ((size & (size - 1n)) !== 0n || (first & (size - 1n)) !== 0n) return undefined;
  return ADDRESS_BITS[family] - (size.toString(2).length - 1);
}

/** A range as nft lists an interval set element: an address, a CIDR block, or "first-last". */
export function rangeText(range: AddressRange): string {
  const first = formatIp(range.family, range.first);
  if (range.first === range.last) return first;
  const prefix = blockPrefix(range);
  return prefix === undefined ? `${first}-${formatIp(range.family, range.last)}` : `${first}/${prefix}`;
}

/** The inverse of rangeText, for what the kernel lists: "a", "a/len" or "a-b". */
export function parseRangeText(text: string): AddressRange | undefined {
  const dash = text.indexOf("-");
  if (dash < 0) return parseNetwork(text);
  const [first, last] = [parseIp(text.slice(0, dash)), parseIp(text.slice(dash + 1))];
  if (!first || !last || first.family !== last.family || first.value > last.value) return undefined;
  return { family: first.family, first: first.value, last: last.value };
}

/** A range cut into CIDR blocks, largest first where they fit (ipset's hash:net holds blocks, not ranges). */
export function rangeBlocks(range: AddressRange): AddressRange[] {
  const bits = ADDRESS_BITS[range.family];
  const blocks: AddressRange[] = [];
  let first = range.first;
  while (first <= range.last) {
    // The largest block aligned at `first` that ends within the range.
    let size = first === 0n ? 1n << BigInt(bits) : first & -first;
    while (first + size - 1n > range.last) size >>= 1n;
    blocks.push({ family: range.family, first, last: first + size - 1n });
    first += size;
  }
  return blocks;
}
