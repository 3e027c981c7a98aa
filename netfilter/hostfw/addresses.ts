// Whether an address match can hold for "some ordinary internet address": a VPN server on the WAN side is one,
// so a rule that only lists special-purpose blocks (private, loopback, 6to4, mapped ...) never matches it.
import { parseIpv4, parseIpv6 } from "../ip";
import type { IpFamily } from "./model";

// IANA special-purpose blocks (RFC 6890 and successors) and the multicast/reserved ranges.
const SPECIAL: Record<IpFamily, string[]> = {
  ipv4: ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3"],
  ipv6: ["::/96", "::ffff:0:0/96", "64:ff9b::/96", "100::/64", "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10", "ff00::/8"],
};

type Prefix = { bits: bigint; len: number; width: number };

function parsePrefix(text: string, family: IpFamily): Prefix | undefined {
  const [addr, lenText] = text.split("/");
  const width = family === "ipv4" ? 32 : 128;
  const bits = family === "ipv4" ? parseIpv4(addr!) : parseIpv6(addr!);
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
