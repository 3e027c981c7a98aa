// The apply's transaction when the table is already installed: it brings table inet lintas to the new ruleset
// and keeps what the kernel counted in it. Deleting the whole table (nftReplaceBatch) would zero the named
// traffic counters and forget the blocked attempts' pairs; here the chains (with their rules) and the scope sets
// are deleted and added again, while the named counters, the attempt sets and the helpers the new ruleset also
// has stay as they are, with their values, pairs and timeouts. Still one transaction: all of it or nothing.
import type { Ruleset } from "./model";
import { nftObjects, type NftCommand, sortedJson, TABLE_FAMILY, TABLE_NAME } from "./nft";

/** An object as `nft -j -t list table inet lintas` lists it (the terse listing: no set elements). */
export type ListedObject = Record<string, Record<string, unknown> | undefined>;

// The kinds a table can hold that are deleted by name. A listed kind not here (a flowtable someone added, a
// newer nft's object) makes the caller fall back to replacing the whole table.
const NAMED_KINDS = ["set", "map", "counter", "quota", "limit", "ct helper", "ct timeout", "ct expectation", "synproxy", "secmark"] as const;
const KNOWN_KINDS = new Set(["metainfo", "table", "rule", "chain", ...NAMED_KINDS]);

/** The listing's objects, or undefined when it is not one or holds a kind this batch cannot delete by name. */
export function listedObjects(stdout: string): ListedObject[] | undefined {
  let listing: { nftables?: unknown };
  try {
    listing = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (!Array.isArray(listing.nftables)) return undefined;
  const objects = (listing.nftables as ListedObject[]).filter((o) => !("metainfo" in o));
  return objects.every((o) => Object.keys(o).every((kind) => KNOWN_KINDS.has(kind))) ? objects : undefined;
}

/** The batch that turns the `installed` table into `ruleset`, keeping its counters' values and attempt pairs. */
export function nftUpdateBatch(ruleset: Ruleset, installed: readonly ListedObject[]): { nftables: NftCommand[] } {
  const wanted = nftObjects(ruleset);
  const counters = new Set((ruleset.counters ?? []).map((c) => c.name));
  const attemptSets = new Set((ruleset.attempts ?? []).map((a) => a.name));
  // Kept as they are: the attempt sets and the helpers that are exactly the wanted ones (an older Lintas's set
  // of another size goes), so their pairs stay and the kernel lists the table in the same order apply after apply.
  const keepable = new Map(
    wanted.flatMap((o) => ("set" in o && attemptSets.has(o.set.name as string) ? [[`set ${o.set.name}`, o.set]] : "ct helper" in o ? [[`ct helper ${o["ct helper"].name}`, o["ct helper"]]] : [])),
  );
  const kept = new Set(
    installed.flatMap((o) => {
      const [kind, listed] = Object.entries(o)[0]!;
      const key = `${kind} ${listed?.name}`;
      return listed && sameSpec(listed, keepable.get(key)) ? [key] : [];
    }),
  );
  const keyOf = (o: object) => `${Object.keys(o)[0]} ${(Object.values(o)[0] as { name?: unknown }).name}`;
  const ref = (o: Record<string, unknown>) => ({ family: TABLE_FAMILY, table: TABLE_NAME, name: o.name });

  const deletes: NftCommand[] = [];
  // Deleting a chain deletes its rules. Base chains first: a regular chain is deleted once no jump uses it.
  const chains = installed.flatMap(({ chain }) => (chain ? [chain] : []));
  for (const chain of [...chains.filter((c) => c.hook), ...chains.filter((c) => !c.hook)]) deletes.push({ delete: { chain: ref(chain) } });
  for (const object of installed) {
    for (const kind of NAMED_KINDS) {
      const listed = object[kind];
      if (!listed || kept.has(keyOf(object)) || (kind === "counter" && counters.has(listed.name as string))) continue;
      deletes.push({ delete: { [kind]: ref(listed) } });
    }
  }
  // Adding a counter that exists changes nothing (the kernel has no update for it): its value stays.
  const adds = wanted.filter((o) => !kept.has(keyOf(o))).map((o) => ({ add: o }));
  return { nftables: [adds[0]!, ...deletes, ...adds.slice(1)] };
}

/** Whether a listed object is the wanted one: the same fields, apart from the kernel's handle. */
function sameSpec(listed: Record<string, unknown>, wanted: Record<string, unknown> | undefined): boolean {
  if (!wanted) return false;
  const { handle: _handle, ...spec } = listed;
  return sortedJson(spec) === sortedJson(wanted);
}
