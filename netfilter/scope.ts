// A protocol's scope: which LAN sources may use it and to which remote servers. Each list holds addresses, CIDR
// blocks and names (LAN: device names and MAC addresses, resolved from the DHCP leases and the neighbour table;
// servers: host names, resolved by DNS), as the admin typed them but canonical. An empty list means everyone /
// everywhere. Names are resolved at apply time into ScopeNames; the renderer turns both into set elements.
import * as z from "zod";
import { formatIp, mergeRanges, parseNetwork, rangeText, type AddressRange, type IpFamily } from "./ip";

export const SCOPE_LISTS = ["lan", "servers"] as const;
export type ScopeList = (typeof SCOPE_LISTS)[number];

/** Most entries one list takes (ipset's default maxelem; far beyond any real list). */
export const MAX_SCOPE_ENTRIES = 65_536;

/**
 * Why a scope entry is refused. The schema's messages are these ids: lib/i18n words each (`scope.issue.<id>`),
 * and the service names the protocol, the list and the entry.
 */
export type ScopeIssue = "lanEntry" | "serverEntry" | "hostBits" | "twice" | "tooMany";
const issue = (id: ScopeIssue) => id;

const MAC = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i;
// A DNS-style name (device names from DHCP leases are one label of these too); at least one letter, and a last
// label that is not all digits, so a mistyped address ("192.168.1.300") is never taken for a name.
const NAME = /^(?=.*[a-z])[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * One entry of a list in its canonical text (networks as nft lists them, names and MACs lower case), or the
 * ScopeIssue when it is none of the kinds that list takes.
 */
function canonicalEntry(text: string, list: ScopeList): { text: string } | ScopeIssue {
  const network = parseNetwork(text);
  if (network) {
    if (network.hostBitsSet) return "hostBits";
    const address = formatIp(network.family, network.first);
    return { text: network.first === network.last ? address : `${address}/${network.prefix}` };
  }
  const lower = text.toLowerCase();
  if (list === "lan" && MAC.test(lower)) return { text: lower.replaceAll("-", ":") };
  if (lower.length <= 253 && NAME.test(lower) && !/(^|\.)\d+$/.test(lower)) return { text: lower };
  return list === "lan" ? "lanEntry" : "serverEntry";
}

/** The block a network entry with host bits set lies in, as it should have been typed ("192.168.1.5/24" -> "192.168.1.0/24"). */
export function blockOf(entry: string): string {
  const network = parseNetwork(entry);
  return network ? `${formatIp(network.family, network.first)}/${network.prefix}` : entry;
}

const entrySchema = (list: ScopeList) =>
  z.string().transform((text, ctx) => {
    const entry = canonicalEntry(text.trim(), list);
    if (typeof entry !== "string") return entry.text;
    ctx.addIssue({ code: "custom", message: issue(entry) });
    return z.NEVER;
  });

const listSchema = (list: ScopeList) =>
  z
    .array(entrySchema(list))
    .max(MAX_SCOPE_ENTRIES, issue("tooMany"))
    .superRefine((entries, ctx) => {
      const seen = new Set<string>();
      entries.forEach((entry, at) => {
        if (seen.has(entry)) ctx.addIssue({ code: "custom", message: issue("twice"), path: [at] });
        seen.add(entry);
      });
    });

export const scopeSchema = z.object({ lan: listSchema("lan").default([]), servers: listSchema("servers").default([]) }).strict();
export type Scope = z.infer<typeof scopeSchema>;
/** A change to a scope: the lists it replaces, no defaults filled in. */
export const scopeChangesSchema = z.object({ lan: listSchema("lan"), servers: listSchema("servers") }).partial().strict();

export const isScoped = (scope: Scope) => scope.lan.length > 0 || scope.servers.length > 0;

/**
 * The addresses each name stood for when it was last resolved: LAN devices (by name or MAC) and server host
 * names. Stored with the config the kernel took, so the read-back compares with what was applied.
 */
export const scopeNamesSchema = z.object({
  devices: z.record(z.string(), z.array(z.string())).default({}),
  hosts: z.record(z.string(), z.array(z.string())).default({}),
});
export type ScopeNames = z.infer<typeof scopeNamesSchema>;
export const NO_NAMES: ScopeNames = { devices: {}, hosts: {} };

/** The table of ScopeNames a list's names are looked up in. */
export const namesTable = (list: ScopeList): keyof ScopeNames => (list === "lan" ? "devices" : "hosts");

/**
 * Whether a stored (canonical) entry is a name or a MAC, without parsing it: canonical IPv4 is digits, dots and a
 * slash; IPv6 and MACs have colons; a name has neither. Scopes of 10,000 entries are looked through on every apply.
 */
const isName = (canonical: string) => !canonical.includes(":") && !/^[\d./]+$/.test(canonical);
const isMac = (canonical: string) => MAC.test(canonical);

/** The names (and MACs) of a stored list, which need resolving before it can be rendered. */
export function namesIn(entries: readonly string[], list: ScopeList): string[] {
  return entries.filter((text) => isName(text) || (list === "lan" && isMac(text)));
}

/** A stored list as interval set elements per family: its networks and its names' addresses, merged. */
export function scopeElements(entries: readonly string[], list: ScopeList, names: ScopeNames): Record<IpFamily, string[]> {
  const ranges: AddressRange[] = [];
  const resolved = names[namesTable(list)];
  for (const text of entries) {
    const named = isName(text) || (list === "lan" && isMac(text));
    for (const address of named ? (resolved[text] ?? []) : [text]) {
      const network = parseNetwork(address);
      if (network) ranges.push(network);
    }
  }
  const of = (family: IpFamily) => mergeRanges(ranges.filter((r) => r.family === family)).map(rangeText);
  return { ipv4: of("ipv4"), ipv6: of("ipv6") };
}
