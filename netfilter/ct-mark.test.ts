// Asking the kernel for the marked connections only (strategy "marked"): one dump filtered by CTA_MARK and
// CTA_MARK_MASK, both families, against the real kernel inside throwaway namespaces. Root only (CI runs as root).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillConntrack, VPN_ENTRIES } from "../lab/testing/fill-conntrack";
import { createNetns, requireRoot, type TestNetns } from "../lab/testing/netns";
import { decodeEntry } from "./conntrack-entry";
import { VPN_CT_MARK } from "./ct-mark";
import { conntrackList, conntrackTally } from "./ctnetlink";
import { flowQueries } from "./flows";

requireRoot();

// Other software's bits beside ours (Tailscale saves 0xff0000 in the connmark): they must not hide an entry.
const OTHER_BITS = 0x00040000;

describe("the marked VPN connections among unrelated entries", () => {
  let ns: TestNetns;
  const queries = flowQueries();
  const filters = queries.map((q) => q.filter);
  beforeAll(() => {
    ns = createNetns("ctmark");
    fillConntrack(ns.name, { unrelated: 1_000, vpnMark: VPN_CT_MARK | OTHER_BITS });
    // Unrelated entries with other software's mark, one with every bit but ours; and a VPN flow no rule marked.
    ns.sh(`conntrack -I -p udp -s 10.9.0.1 -d 198.51.100.9 --sport 5000 --dport 53 --mark ${0xff0000} -t 600`);
    ns.sh(`conntrack -I -p tcp -s 10.9.0.2 -d 198.51.100.9 --sport 5000 --dport 443 --state ESTABLISHED --mark ${~VPN_CT_MARK >>> 0} -t 600`);
    ns.sh("conntrack -I -p udp -s 192.168.50.99 -d 203.0.113.9 --sport 500 --dport 500 -t 600");
  });
  afterAll(() => ns?.remove());

  it("lists every marked entry of each flow, both families, and nothing else", async () => {
    const found = await conntrackList(ns.runner, filters, "marked");
    expect(queries.map((q, i) => `${q.protocol}/${q.flow} ${found[i]!.length}`)).toEqual([
      "pptp/control 2", "pptp/gre 2", "ipsec/ike 2", "ipsec/natT 1", "ipsec/esp 1", "ipsec/ah 1", "l2tp/l2tp 2",
    ]);
    const entries = found.flat().map(decodeEntry);
    expect(entries).toHaveLength(VPN_ENTRIES.length);
    expect(new Set(entries.map((e) => e.family))).toEqual(new Set(["ipv4", "ipv6"]));
    // The unmarked IKE flow of 192.168.50.99 is not found: only what the rules saw is.
    expect(entries.map((e) => e.original.src)).not.toContain("192.168.50.99");
    // The auto strategy still finds it (the fallback where the mark rules are not in the kernel).
    expect((await conntrackList(ns.runner, filters, "auto"))[2]!.map((m) => decodeEntry(m).original.src)).toContain("192.168.50.99");
  });

  it("counts and limits the same way", async () => {
    expect(await conntrackTally(ns.runner, "count", filters, "marked")).toEqual([2, 2, 2, 1, 1, 1, 2]);
    expect((await conntrackList(ns.runner, filters, "marked", 1)).map((entries) => entries.length)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it("finds nothing in a table no rule marked", async () => {
    const empty = createNetns("ctmark-none");
    try {
      fillConntrack(empty.name, { unrelated: 100 });
      expect(await conntrackTally(empty.runner, "count", filters, "marked")).toEqual([0, 0, 0, 0, 0, 0, 0]);
    } finally {
      empty.remove();
    }
  });
});
