// Whether an address match can hold for "some ordinary internet address": a VPN server on the WAN side is one,
// so a rule that only lists special-purpose blocks (private, loopback, 6to4, mapped ...) never matches it.
import type { IpFamily } from "./model";

// IANA special-purpose blocks (RFC 6890 and successors) and the multicast/reserved ranges.
const SPECIAL: Record<IpFamily, string[]> = {
  ipv4: ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3"],
  ipv6: ["::/96", "::ffff:0:0/96", "64:ff9b::/96", "100::/64", "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10", "ff00::/8"],
};

type Prefix = { bits: bigint; len: number; width: number };

function parseV4(text: string): bigint | undefined {
  const parts = text.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function parseV6(text: string): bigint | undefined {
  let head = text;
  let tail4: bigint | undefined;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    tail4 = parseV4(text.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [left, right, extra] = head.split("::");
  if (extra !== undefined) return undefined;
  const groups = (s: string | undefined) => (s ? s.split(":") : []);
  const l = groups(left);
  const r = groups(right);
  const missing = 8 - l.length - r.length;
  if (right === undefined ? missing !== 0 : missing < 0) return undefined;
  const all = [...l, ...Array<string>(right === undefined ? 0 : missing).fill("0"), ...r];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const value = all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  return tail4 === undefined ? value : (value & ~0xffffffffn) | tail4;
}

function parsePrefix(text: string, family: IpFamily): Prefix | undefined {
  const [addr, lenText] = text.split("/");
  const width = family === "ipv4" ? 32 : 128;
  const bits = family === "ipv4" ? parseV4(addr!) : parseV6(addr!);
  const len = lenText === undefined ? width : Number(lenText);
  if (bits === undefined || !Number.isInteger(len) || len < 0 || len > width) return undefined;
  return { bits, len, width };
}

const within = (inner: Prefix, outer: Prefix) =>
  inner.len >= outer.len && inner.bits >> BigInt(outer.width - outer.len) === outer.bits >> BigInt(outer.width - outer.len);

/** True when every prefix lies inside a special-purpose block: no ordinary internet address is in any of them. */
export function onlySpecialPurpose(prefixes: readonly string[], family: IpFamily): boolean {
  const special = SPECIAL[family].map((p) => parsePrefix(p, family)!);
  return prefixes.every((text) => {
    const prefix = parsePrefix(text, family);
    return prefix !== undefined && special.some((block) => within(prefix, block));
  });
}
