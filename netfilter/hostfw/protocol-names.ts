// IP protocol names as nft and iptables spell them, by number (`meta l4proto 47`, `-p 47` both mean GRE).
const BY_NUMBER: Record<number, string> = { 1: "icmp", 6: "tcp", 17: "udp", 47: "gre", 50: "esp", 51: "ah", 58: "ipv6-icmp", 132: "sctp", 136: "udplite", 33: "dccp" };
const ALIASES: Record<string, string> = { icmpv6: "ipv6-icmp", "icmp6": "ipv6-icmp" };

/** The canonical name of a protocol given as a name or a number; undefined for something that is not one. */
export function l4protoName(value: unknown): string | undefined {
  if (typeof value === "number") return BY_NUMBER[value] ?? String(value);
  if (typeof value !== "string" || value === "") return undefined;
  const lower = value.toLowerCase();
  if (/^\d+$/.test(lower)) return BY_NUMBER[Number(lower)] ?? lower;
  return ALIASES[lower] ?? lower;
}
