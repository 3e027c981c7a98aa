// The in-place update batch, pure: what it deletes, keeps and adds for an installed table (the kernel side is in
// kernel.test.ts).
import { describe, expect, it } from "vitest";
import { everything } from "./capabilities.fixture";
import { configSchema } from "./config";
import { nftObjects, type NftCommand } from "./nft";
import { listedObjects, nftUpdateBatch, type ListedObject } from "./nft-update";
import { render } from "./render";

const ruleset = render(
  configSchema.parse({
    network: { lanInterfaces: ["lan1"], wanInterface: "wan0", masquerade: true },
    passthrough: { pptp: { enabled: false }, ipsec: { enabled: true }, l2tp: { enabled: false } },
  }),
  everything,
).ruleset;
const ref = { family: "inet", table: "lintas" };
const wantedSet = (name: string) => nftObjects(ruleset).flatMap((o) => ("set" in o && o.set.name === name ? [o.set] : []))[0]!;

// An installed table as `nft -j -t list` lists it: the wanted attempt set, one of an older size, a scope set, a
// counter still wanted and one not, a helper, two chains (one base, one someone added) and a rule.
const installed: ListedObject[] = [
  { table: { family: "inet", name: "lintas", handle: 1 } },
  { "ct helper": { ...ref, name: "pptp", handle: 2, type: "pptp", protocol: "tcp", l3proto: "ip" } },
  { counter: { ...ref, name: "ipsec_lan_to_wan", handle: 3, packets: 7, bytes: 700 } },
  { counter: { ...ref, name: "l2tp_lan_to_wan", handle: 4, packets: 1, bytes: 64 } },
  { set: { ...wantedSet("pptp_blocked_v4"), handle: 5 } },
  { set: { ...wantedSet("pptp_blocked_v6"), size: 65535, handle: 6 } },
  { set: { ...ref, name: "pptp_lan_v4", handle: 7, type: "ipv4_addr", flags: ["interval"] } },
  { chain: { ...ref, name: "stray", handle: 8 } },
  { chain: { ...ref, name: "forward", handle: 9, type: "filter", hook: "forward", prio: 0, policy: "accept" } },
  { rule: { ...ref, chain: "forward", handle: 10, expr: [{ accept: null }] } },
];
const names = (commands: NftCommand[], verb: "add" | "delete") =>
  commands.flatMap((c) => (c[verb] ? [`${Object.keys(c[verb] as object)[0]} ${(Object.values(c[verb] as object)[0] as { name: string }).name}`] : []));

describe("the in-place update of an installed table", () => {
  const batch = nftUpdateBatch(ruleset, installed).nftables;

  it("deletes the chains (base ones first; their rules go with them) and every object it does not keep", () => {
    expect(names(batch, "delete")).toEqual([
      "chain forward",
      "chain stray",
      "ct helper pptp", // PPTP is off: its helper goes
      "counter l2tp_lan_to_wan",
      "set pptp_blocked_v6",
      "set pptp_lan_v4",
    ]);
  });

  it("keeps the wanted counters and the attempt set that is exactly the wanted one; adds all the rest", () => {
    const added = names(batch, "add");
    expect(added).not.toContain("set pptp_blocked_v4");
    expect(added).toContain("set pptp_blocked_v6");
    // Adding a counter that exists keeps its value: the wanted counters are all added.
    expect(added.filter((a) => a.startsWith("counter "))).toEqual((ruleset.counters ?? []).map((c) => `counter ${c.name}`));
    expect(batch[0]).toEqual({ add: { table: { family: "inet", name: "lintas" } } });
    expect(batch.filter((c) => c.add && "rule" in (c.add as object))).toHaveLength(ruleset.rules.length);
  });

  it("an empty table: nothing to delete, everything added", () => {
    const fresh = nftUpdateBatch(ruleset, [installed[0]!]).nftables;
    expect(names(fresh, "delete")).toEqual([]);
    expect(fresh.map((c) => c.add)).toEqual(nftObjects(ruleset));
  });

  it("a listing with a kind it cannot delete by name (a flowtable) is not used: the caller replaces the table", () => {
    const listing = (extra: ListedObject[]) => JSON.stringify({ nftables: [{ metainfo: { version: "1.0.6" } }, ...installed, ...extra] });
    expect(listedObjects(listing([]))).toEqual(installed);
    expect(listedObjects(listing([{ flowtable: { ...ref, name: "ft" } }]))).toBeUndefined();
    expect(listedObjects("Error: garbled")).toBeUndefined();
    expect(listedObjects("{}")).toBeUndefined();
  });
});
