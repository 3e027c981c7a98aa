// The netfilter core against the real kernel, inside throwaway network namespaces. Root only (CI runs as root).
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readAttempts } from "./attempts";
import { iptablesBackend } from "./backends/iptables";
import { chooseBackend } from "./backends/select";
import { nftablesBackend } from "./backends/nftables";
import { ApplyError, type Backend } from "./backends/types";
import { probeCapabilities, type Capabilities } from "./capabilities";
import { configSchema, type LintasConfig } from "./config";
import { cutFlows } from "./conntrack";
import { withTempFile } from "./exec";
import type { Ruleset } from "./model";
import { nftText } from "./nft";
import { protocolSpec } from "./protocols";
import { render } from "./render";
import { NO_NAMES, type ScopeNames } from "./scope";
import { compareWithKernel } from "./status";
import { createNetns, requireRoot, rootFirewall, type TestNetns } from "../lab/testing/netns";
import { recordingRunner } from "../lab/testing/recording-runner";

requireRoot();
const network = { lanInterfaces: ["br-lan", "lan1"], wanInterface: "wan0", masquerade: true };
const config = (pptp: boolean, ipsec: boolean, l2tp: boolean, ipsecOptions = {}): LintasConfig =>
  configSchema.parse({
    network,
    passthrough: { pptp: { enabled: pptp }, ipsec: { enabled: ipsec, ...ipsecOptions }, l2tp: { enabled: l2tp } },
  });

let rootBefore: string;
beforeAll(() => void (rootBefore = rootFirewall()));
// Every test works in its own namespace: the root namespace's firewall is the same after all of them.
afterAll(() => expect(rootFirewall()).toBe(rootBefore));

let ns: TestNetns;
let capabilities: Capabilities;
afterEach(() => {
  ns?.remove();
  ns = undefined as unknown as TestNetns;
});

async function setup(tag: string) {
  ns = createNetns(tag, { lan: ["br-lan", "lan1"], wan: "wan0" });
  capabilities = await probeCapabilities(ns.runner);
}
const listTable = () => ns.sh("nft list table inet lintas");
// The kernel lists anonymous set elements in its own order.
const sortSets = (text: string) =>
  text.replace(/\{ ("[^}]*") \}/g, (_, items: string) => `{ ${items.split(", ").sort().join(", ")} }`);
const listRuleset = () => ns.sh("nft list ruleset");

/** What the kernel does per protocol, by id (protocols a test leaves out are off: match the ones it sets). */
const actualById = (status: { protocols: { id: string; actual: string }[] }) =>
  Object.fromEntries(status.protocols.map((p) => [p.id, p.actual]));
const onOff = (pptp: boolean, ipsec: boolean, l2tp: boolean) =>
  Object.fromEntries(Object.entries({ pptp, ipsec, l2tp }).map(([id, on]) => [id, on ? "active" : "blocked"]));

async function applyAndCompare(backend: Backend, cfg: LintasConfig, names: ScopeNames = NO_NAMES) {
  await backend.apply(render(cfg, capabilities, names).ruleset);
  return compareWithKernel(cfg, capabilities, backend, await backend.read(), names);
}

// PPTP limited to LAN devices (addresses, a block, a name, IPv6 in several spellings) and servers; L2TP to servers.
const scopedConfig = (lan: string[] = ["192.168.1.23", "192.168.1.0/30", "laptop", "2001:DB8:1::10", "2001:db8:1:0:1::/80"]) =>
  configSchema.parse({
    network,
    passthrough: {
      pptp: { enabled: true, scope: { lan, servers: ["198.51.100.0/24", "vpn.example.net"] } },
      l2tp: { enabled: true, scope: { servers: ["198.51.100.7", "198.51.100.8", "2001:db8:113::/48"] } },
    },
  });
const scopeNames: ScopeNames = { devices: { laptop: ["192.168.1.50", "2001:db8:1::50"] }, hosts: { "vpn.example.net": ["203.0.113.9", "2001:db8:113::9"] } };
// nft breaks long element lists over lines where it likes.
const oneLineSets = (text: string) => text.replace(/elements = \{([^}]*)\}/g, (_, items: string) => `elements = { ${items.split(",").map((i) => i.trim()).join(", ")} }`);

describe("capability probe", () => {
  it("finds nft, iptables, conntrack, the pptp helper, the time match and ipset in a fresh namespace", async () => {
    await setup("probe");
    expect(capabilities).toEqual({
      nftables: { available: true },
      iptables: { available: true },
      conntrack: { available: true },
      helpers: { pptp: { available: true } },
      deadline: { available: true },
      ipset: { available: true },
      forwarding: { ipv4: false, ipv6: false }, // a fresh namespace does not forward
    });
    expect(listRuleset()).toBe(""); // probing changed nothing
  });
});

describe("nftables backend", () => {
  it("applies one table that the kernel lists exactly as rendered, and reads it back in sync", async () => {
    await setup("apply");
    const backend = nftablesBackend(ns.runner);
    const cfg = config(true, true, false);
    const status = await applyAndCompare(backend, cfg);
    expect(sortSets(listTable())).toBe(sortSets(nftText(render(cfg, capabilities).ruleset)));
    expect(status.inSync).toBe(true);
    expect(actualById(status)).toMatchObject({ pptp: "active", ipsec: "active", l2tp: "blocked" });
    expect(status.protocols[0]!.helper).toBe(true);
  });

  it("applies with one nft transaction and no dry run before it", async () => {
    await setup("once");
    const runner = recordingRunner(ns.runner);
    await nftablesBackend(runner).apply(render(config(true, true, true), capabilities).ruleset);
    // The installed table is listed first (tersely), to be updated in place (none here: no table yet).
    expect(runner.calls.map((argv) => argv.slice(0, 3))).toEqual([["nft", "-j", "-t"], ["nft", "-j", "-f"]]);
    runner.calls.length = 0;
    await nftablesBackend(runner).apply(render(config(false, true, true), capabilities).ruleset);
    expect(runner.calls.map((argv) => argv.slice(0, 3))).toEqual([["nft", "-j", "-t"], ["nft", "-j", "-f"]]);
  });

  it("a normal re-apply takes the in-place update: one nft -j -f that keeps the helper and the attempt sets as they are", async () => {
    await setup("rvsame");
    // The batch each `nft -j -f` was given, read while its file exists.
    const batches: { nftables: Record<string, Record<string, unknown>>[] }[] = [];
    const runner = recordingRunner({
      ...ns.runner,
      run(argv, input) {
        if (argv.includes("-f")) batches.push(JSON.parse(readFileSync(argv.at(-1)!, "utf8")));
        return ns.runner.run(argv, input);
      },
    });
    const backend = nftablesBackend(runner);
    // PPTP on (its ct helper), IPsec and L2TP off (their attempt sets), PPTP with a deadline (meta time).
    const cfg = configSchema.parse({ network, passthrough: { pptp: { enabled: true, expiry: { at: "2036-01-01T00:00:00.000Z", seconds: 3600 } } } });
    const ruleset = render(cfg, capabilities).ruleset;
    await backend.apply(ruleset);
    ns.sh("nft add element inet lintas ipsec_blocked_v4 '{ 192.168.1.20 . 198.51.100.7 counter packets 12 bytes 720 }'");
    batches.length = 0;
    runner.calls.length = 0;
    await backend.apply(ruleset);
    expect(runner.calls.filter((argv) => argv.includes("-f"))).toHaveLength(1);
    const touched = batches[0]!.nftables.flatMap((command) => Object.values(command).flatMap((object) => Object.keys(object).filter((kind) => kind === "set" || kind === "ct helper")));
    // Only the scope sets would be touched: this config has none, so no set and no helper is deleted or added.
    expect(touched).toEqual([]);
    expect(await readAttempts(ns.runner)).toMatchObject([{ protocol: "ipsec", client: "192.168.1.20", count: 12 }]);
    expect((await applyAndCompare(backend, cfg)).inSync).toBe(true);
  });

  it("an apply keeps what the table counted (traffic counters, blocked attempts' pairs) and removes anything else", async () => {
    await setup("keep");
    const backend = nftablesBackend(ns.runner);
    // Installed by hand with counts in it, as traffic would have left them, and with strays an admin added.
    const installed = nftText(render(config(false, true, false), capabilities).ruleset).replace(
      /(counter ipsec_lan_to_wan \{[^}]*?)packets 0 bytes 0/,
      "$1packets 7 bytes 700",
    );
    await withTempFile("installed.nft", installed, (file) => ns.runner.run(["nft", "-f", file]));
    ns.sh("nft add element inet lintas pptp_blocked_v4 '{ 192.168.1.20 . 198.51.100.7 counter packets 12 bytes 720 }'");
    ns.sh("nft add chain inet lintas stray; nft add counter inet lintas stray_counter; nft add rule inet lintas forward udp dport 500 drop");
    const next = render(config(false, true, true), capabilities).ruleset;
    await backend.apply(next);
    expect((await backend.read()).counters?.ipsec_lan_to_wan).toEqual({ packets: 7, bytes: 700 });
    expect(await readAttempts(ns.runner)).toMatchObject([{ protocol: "pptp", client: "192.168.1.20", server: "198.51.100.7", count: 12 }]);
    const table = listTable();
    expect(table).not.toMatch(/stray|udp dport 500 drop/);
    // IPsec off: its counters go; on again: new ones at zero.
    await backend.apply(render(config(false, false, true), capabilities).ruleset);
    expect((await backend.read()).counters?.ipsec_lan_to_wan).toBeUndefined();
    await backend.apply(next);
    expect((await backend.read()).counters?.ipsec_lan_to_wan).toEqual({ packets: 0, bytes: 0 });
    // The kept counters are listed before the new ones: the same blocks, in another order.
    const blocks = (text: string) => sortSets(text).replace(/^table inet lintas \{\n/, "").replace(/\s*elements = \{[^}]*\}/g, "").split("\n\n").sort();
    expect(blocks(table.replace("packets 7 bytes 700", "packets 0 bytes 0"))).toEqual(blocks(nftText(next)));
  });

  it("a table the kernel refuses to update in place (a stray chain a verdict map uses) is replaced; an older attempt set is made anew", async () => {
    await setup("replace");
    const backend = nftablesBackend(ns.runner);
    const ruleset = render(config(false, true, false), capabilities).ruleset;
    await backend.apply(ruleset);
    ns.sh("nft add element inet lintas pptp_blocked_v4 '{ 192.168.1.20 . 198.51.100.7 }'");
    ns.sh("nft add chain inet lintas stray; nft add map inet lintas jumps '{ type ipv4_addr : verdict; elements = { 192.0.2.1 : jump stray } }'");
    await backend.apply(ruleset);
    expect(listTable()).not.toMatch(/stray|jumps/);
    expect(await readAttempts(ns.runner)).toEqual([]);
    // An older Lintas's attempt set (another size): that set alone is made anew, the other pairs stay.
    const older = nftText(ruleset).replace(/(set pptp_blocked_v4 \{[^}]*?)size 1024/, "$1size 65535");
    ns.sh("nft delete table inet lintas");
    await withTempFile("older.nft", older, (file) => ns.runner.run(["nft", "-f", file]));
    ns.sh("nft add element inet lintas pptp_blocked_v4 '{ 192.168.1.20 . 198.51.100.7 }'");
    ns.sh("nft add element inet lintas l2tp_blocked_v4 '{ 192.168.1.21 . 198.51.100.8 }'");
    await backend.apply(ruleset);
    expect((await readAttempts(ns.runner)).map((a) => a.client)).toEqual(["192.168.1.21"]);
    expect(ns.sh("nft list set inet lintas pptp_blocked_v4")).toContain("size 1024");
  });

  it("re-applies idempotently: the same ruleset, byte for byte", async () => {
    await setup("idem");
    const backend = nftablesBackend(ns.runner);
    const ruleset = render(config(true, false, true), capabilities).ruleset;
    await backend.apply(ruleset);
    const first = listRuleset();
    await backend.apply(ruleset);
    await backend.apply(ruleset);
    expect(listRuleset()).toBe(first);
  });

  it("toggles each switch and the kernel follows", async () => {
    await setup("toggle");
    const backend = nftablesBackend(ns.runner);
    const states = [
      [false, false, false],
      [true, false, false],
      [false, true, false],
      [false, false, true],
      [true, true, true],
      [false, false, false],
    ] as const;
    for (const [pptp, ipsec, l2tp] of states) {
      const status = await applyAndCompare(backend, config(pptp, ipsec, l2tp));
      expect(status.inSync).toBe(true);
      expect(actualById(status)).toMatchObject(onOff(pptp, ipsec, l2tp));
      const table = listTable();
      expect(table.includes('ct helper set "pptp"')).toBe(pptp);
      expect(table.includes("ct helper pptp {")).toBe(pptp);
      expect(table.includes('meta l4proto gre drop comment "pptp=off')).toBe(!pptp);
      expect(table.includes('udp dport 1701 ct mark set ct mark | 0x01000000 counter name "l2tp_lan_to_wan" accept comment "l2tp=on')).toBe(l2tp);
    }
  });

  it("follows IPsec sub-options in the kernel", async () => {
    await setup("ipsecopt");
    const backend = nftablesBackend(ns.runner);
    const status = await applyAndCompare(backend, config(false, true, false, { natT: false, ah: true }));
    expect(status.protocols[1]!.flows).toEqual({ ike: "pass", natT: "blocked", esp: "pass", ah: "pass" });
    expect(status.inSync).toBe(true);
  });

  it("detects drift: a rule deleted by hand, a rule added by hand, the table removed", async () => {
    await setup("drift");
    const backend = nftablesBackend(ns.runner);
    const cfg = config(true, false, false);
    await backend.apply(render(cfg, capabilities).ruleset);
    ns.sh("nft delete chain inet lintas output");
    ns.sh("nft add rule inet lintas forward udp dport 53 drop");
    let status = compareWithKernel(cfg, capabilities, backend, await backend.read());
    expect(status.inSync).toBe(false);
    expect(status.protocols[0]!.helper).toBe(false);
    expect(status.drift.missing).toEqual(["chain output", "pptp=on: pptp helper on TCP 1723 from router"]);
    expect(status.drift.extra).toHaveLength(1);
    ns.sh("nft delete table inet lintas");
    status = compareWithKernel(cfg, capabilities, backend, await backend.read());
    expect(status.drift.tableMissing).toBe(true);
    expect(status.protocols.every((p) => p.actual === "absent" && !p.inSync)).toBe(true);
  });

  it("leaves the previous ruleset byte-identical when the kernel refuses, and names the refused switch", async () => {
    await setup("refuse");
    const backend = nftablesBackend(ns.runner);
    await backend.apply(render(config(true, true, true), capabilities).ruleset);
    const before = listRuleset();

    const good = render(config(false, false, false), capabilities).ruleset;
    const first = good.rules.findIndex((r) => r.action.kind === "drop");
    const badRule = { ...good.rules[first]!, match: { ...good.rules[first]!.match, flow: { l4proto: "tcp", port: 70000 } } } as Ruleset["rules"][number];
    const refused = backend.apply({ ...good, rules: [...good.rules.filter((_, i) => i !== first), badRule] });
    await expect(refused).rejects.toThrow(ApplyError);
    await expect(refused).rejects.toMatchObject({
      refusal: { kind: "rule", switch: "pptp=off", comment: "pptp=off: TCP 1723 (control) LAN->WAN drop" },
    });
    expect(listRuleset()).toBe(before);

    const badHelper = { ...good, helpers: [{ name: "nosuchhelper", l4proto: "tcp", port: 1, l3proto: "ip" }] } as Ruleset;
    await expect(backend.apply(badHelper)).rejects.toMatchObject({ refusal: { kind: "helper", helpers: "nosuchhelper" } });
    expect(listRuleset()).toBe(before);
  });

  it("keeps the blocked attempts' pairs and counters over a re-apply, and drops those of a protocol turned on", async () => {
    await setup("attempts");
    const backend = nftablesBackend(ns.runner);
    await backend.apply(render(config(false, false, false), capabilities).ruleset);
    // What the kernel's update statement writes, written here by hand: two pairs, a PPTP and an L2TP one.
    ns.sh("nft add element inet lintas pptp_blocked_v4 '{ 192.168.1.20 . 198.51.100.7 counter packets 12 bytes 720 timeout 1d expires 23h58m }'");
    ns.sh("nft add element inet lintas l2tp_blocked_v6 '{ fd00::20 . 2001:db8::7 counter packets 3 bytes 300 }'");
    const before = await readAttempts(ns.runner);
    expect(before.map(({ lastSeconds: _, ...a }) => a)).toEqual([
      { protocol: "l2tp", client: "fd00::20", server: "2001:db8::7", count: 3 },
      { protocol: "pptp", client: "192.168.1.20", server: "198.51.100.7", count: 12 },
    ]);
    expect(before[1]!.lastSeconds).toBeGreaterThanOrEqual(120);
    // Another switch saved: IPsec on. Then L2TP on: its pairs go with its sets.
    await backend.apply(render(config(false, true, false), capabilities).ruleset);
    expect((await readAttempts(ns.runner)).map((a) => [a.protocol, a.count])).toEqual([["l2tp", 3], ["pptp", 12]]);
    await backend.apply(render(config(false, true, true), capabilities).ruleset);
    expect((await readAttempts(ns.runner)).map((a) => [a.protocol, a.client, a.count])).toEqual([["pptp", "192.168.1.20", 12]]);
    expect((await compareWithKernel(config(false, true, true), capabilities, backend, await backend.read())).inSync).toBe(true);
  });

  it("relies on nft -j -f being one transaction: a batch failing at its last command changes nothing", async () => {
    await setup("atomic");
    const backend = nftablesBackend(ns.runner);
    await backend.apply(render(config(true, false, false), capabilities).ruleset);
    const before = listRuleset();
    const batch = {
      nftables: [
        { add: { table: { family: "inet", name: "lintas" } } },
        { delete: { table: { family: "inet", name: "lintas" } } },
        { add: { table: { family: "inet", name: "lintas" } } },
        { add: { chain: { family: "inet", table: "lintas", name: "nochain-rule-target", type: "filter", hook: "forward", prio: 0, policy: "accept" } } },
        { add: { rule: { family: "inet", table: "lintas", chain: "missing", expr: [{ accept: null }] } } },
      ],
    };
    const result = await withTempFile("bad.json", JSON.stringify(batch), (file) => ns.runner.run(["nft", "-j", "-f", file]));
    expect(result.code).not.toBe(0);
    expect(listRuleset()).toBe(before);
  });

  it("holds scopes in named interval sets the kernel lists as rendered, and reads a changed set back as drift", async () => {
    await setup("scope");
    const backend = nftablesBackend(ns.runner);
    const cfg = scopedConfig();
    let status = await applyAndCompare(backend, cfg, scopeNames);
    expect(status.inSync).toBe(true);
    expect(actualById(status)).toMatchObject({ pptp: "active", l2tp: "active" });
    expect(sortSets(oneLineSets(listTable()))).toBe(sortSets(nftText(render(cfg, capabilities, scopeNames).ruleset)));
    expect(listTable()).toContain('counter name "pptp_outside_scope" drop');

    ns.sh("nft add element inet lintas pptp_lan_v4 { 192.168.9.9 }");
    status = compareWithKernel(cfg, capabilities, backend, await backend.read(), scopeNames);
    expect(status.drift.missing).toEqual(["set pptp_lan_v4"]);
    expect(status.drift.extra).toHaveLength(1);
    expect(status.protocols.map((p) => [p.id, p.inSync])).toEqual([["pptp", false], ["ipsec", true], ["l2tp", true]]);
    // Other addresses than those applied for a name are a difference too.
    status = compareWithKernel(cfg, capabilities, backend, await backend.read(), { ...scopeNames, devices: { laptop: ["192.168.1.51"] } });
    expect(status.inSync).toBe(false);
  });

  it("applies a scope of 10,000 entries in one transaction, with the same rules as one entry", async () => {
    await setup("scope10k");
    const runner = recordingRunner(ns.runner);
    const backend = nftablesBackend(runner);
    const many = Array.from({ length: 10_000 }, (_, i) => `10.${i >> 8}.${i & 255}.${1 + (i % 7) * 32}`);
    const rules = () => ns.sh("nft list chain inet lintas forward").split("\n").filter((line) => line.includes(" comment ")).length;
    const status = await applyAndCompare(backend, scopedConfig(many), scopeNames);
    expect(status.inSync).toBe(true);
    expect(runner.calls.filter((argv) => argv[0] === "nft" && argv[2] === "-f")).toHaveLength(1);
    const withMany = rules();
    await backend.apply(render(scopedConfig(["10.0.0.1"]), capabilities, scopeNames).ruleset);
    expect(rules()).toBe(withMany);
  });

  it("removes its table and nothing else", async () => {
    await setup("remove");
    ns.sh("nft add table inet other && nft add chain inet other c");
    const backend = nftablesBackend(ns.runner);
    await backend.apply(render(config(true, true, true), capabilities).ruleset);
    await backend.remove();
    expect((await backend.read()).present).toBe(false);
    expect(listRuleset()).toBe("table inet other {\n\tchain c {\n\t}\n}\n");
  });
});

describe("iptables backend", () => {
  it("applies LINTAS_* chains, reads them back in sync, toggles, re-applies idempotently and removes them", async () => {
    await setup("ipt");
    const backend = iptablesBackend(ns.runner);
    for (const [pptp, ipsec, l2tp] of [[true, true, false], [false, false, true], [true, true, true]] as const) {
      const status = await applyAndCompare(backend, config(pptp, ipsec, l2tp));
      expect(status.inSync).toBe(true);
      expect(actualById(status)).toMatchObject(onOff(pptp, ipsec, l2tp));
    }
    const saved = ns.sh("iptables-save -t raw");
    expect(saved).toContain('-A LINTAS_PREROUTING -i br-lan -p tcp -m tcp --dport 1723 -m comment --comment "pptp=on: pptp helper on TCP 1723 from LAN" -j CT --helper pptp');
    expect(saved.match(/-A PREROUTING -j LINTAS_PREROUTING/g)).toHaveLength(1); // one jump after three applies
    await backend.remove();
    expect((await backend.read()).present).toBe(false);
    expect(ns.sh("iptables-save")).not.toContain("LINTAS");
  });

  it("tests only IPv6 before restoring, and sees the jumps in one save per family", async () => {
    await setup("iptonce");
    const runner = recordingRunner(ns.runner);
    const backend = iptablesBackend(runner);
    const ruleset = render(config(true, false, true), capabilities).ruleset;
    await backend.apply(ruleset);
    runner.programs();
    await backend.apply(ruleset);
    expect(runner.calls.map((argv) => argv.filter((word) => !word.startsWith("/")))).toEqual([
      // IPsec is off: its attempt sets are created where missing (here they exist: nothing changes).
      ["ipset", "-exist", "-file", "restore"],
      ["ip6tables-restore", "--test", "--noflush"],
      ["iptables-restore", "--noflush"],
      ["iptables-save"],
      ["ip6tables-restore", "--noflush"],
      ["ip6tables-save"],
      // Sets of a scope removed since the last apply are destroyed: none here.
      ["ipset", "list", "-n"],
    ]);
  });

  it("holds scopes in ipsets swapped in with the rules, reads them back in sync, and destroys them with the scope", async () => {
    await setup("iptscope");
    const backend = iptablesBackend(ns.runner);
    // The scope sets (the attempt sets, of every scoped protocol here, have a test of their own).
    const sets = () => ns.sh("ipset list -n").split("\n").filter((name) => name && !name.includes("_blocked_")).sort();
    for (const lan of [["192.168.1.23", "laptop", "2001:db8:1::10"], ["10.0.0.0/8"]]) {
      const status = await applyAndCompare(backend, scopedConfig(lan), scopeNames);
      expect(status.inSync).toBe(true);
      expect(actualById(status)).toMatchObject({ pptp: "active", l2tp: "active" });
    }
    expect(sets()).toEqual(["lintas_l2tp_servers_v4", "lintas_l2tp_servers_v6", "lintas_pptp_lan_v4", "lintas_pptp_lan_v6", "lintas_pptp_servers_v4", "lintas_pptp_servers_v6"]);
    expect(ns.sh("ipset list lintas_pptp_lan_v4")).toMatch(/Members:\n10\.0\.0\.0\/8\n/);
    ns.sh("ipset add lintas_l2tp_servers_v4 192.0.2.1");
    const drifted = compareWithKernel(scopedConfig(["10.0.0.0/8"]), capabilities, backend, await backend.read(), scopeNames);
    expect(drifted.protocols.map((p) => [p.id, p.inSync])).toEqual([["pptp", true], ["ipsec", true], ["l2tp", false]]);

    expect((await applyAndCompare(backend, config(true, false, true))).inSync).toBe(true);
    expect(sets()).toEqual([]);
    await applyAndCompare(backend, scopedConfig(), scopeNames);
    await backend.remove();
    expect(sets()).toEqual([]);
  });

  it("keeps the blocked attempts' ipsets and counts over a re-apply, reads those sets only, and drops those of a protocol turned on", async () => {
    await setup("iptattempts");
    const runner = recordingRunner(ns.runner);
    const backend = iptablesBackend(runner);
    // IPsec off, L2TP on with a scope of 10,000 entries: the attempts are read without listing that set.
    const lan = Array.from({ length: 10_000 }, (_, i) => `10.${i >> 8}.${i & 255}.1`);
    const cfg = (pptp: boolean, l2tp: boolean) => configSchema.parse({ network, passthrough: { pptp: { enabled: pptp }, ipsec: { enabled: false }, l2tp: { enabled: l2tp, scope: { lan } } } });
    await backend.apply(render(cfg(false, true), capabilities).ruleset);
    // What the tracking rules write, written here by hand: a PPTP pair over two flows, an IPsec pair over IPv6.
    ns.sh("ipset add lintas_pptp_blocked_v4 192.168.1.20,tcp:1723,198.51.100.7 timeout 86280");
    ns.sh("ipset add lintas_pptp_blocked_v4_count 192.168.1.20,tcp:1723,198.51.100.7 packets 12 bytes 720");
    ns.sh("ipset add lintas_pptp_blocked_v4 192.168.1.20,gre:0,198.51.100.7");
    ns.sh("ipset add lintas_pptp_blocked_v4_count 192.168.1.20,gre:0,198.51.100.7 packets 3 bytes 300");
    ns.sh("ipset add lintas_ipsec_blocked_v6 fd00::20,udp:500,2001:db8::7");
    ns.sh("ipset add lintas_ipsec_blocked_v6_count fd00::20,udp:500,2001:db8::7 packets 2 bytes 200");
    runner.programs();
    const before = await backend.attempts!();
    expect(runner.calls.map((argv) => argv.join(" "))).toEqual(["ipset list -n", "ipset -"]);
    expect(before).toEqual([
      { protocol: "ipsec", client: "fd00::20", server: "2001:db8::7", count: 2, lastSeconds: expect.any(Number) },
      { protocol: "pptp", client: "192.168.1.20", server: "198.51.100.7", count: 15, lastSeconds: expect.any(Number) },
    ]);
    expect(before[1]!.lastSeconds).toBeLessThanOrEqual(1); // the GRE element, added last
    // Another switch saved (L2TP off): the sets stay, their pairs and counts with them. Then PPTP on: its go.
    await backend.apply(render(cfg(false, false), capabilities).ruleset);
    expect((await backend.attempts!()).map((a) => [a.protocol, a.count])).toEqual([["ipsec", 2], ["pptp", 15]]);
    const status = await applyAndCompare(backend, cfg(true, false));
    expect(status.inSync).toBe(true);
    expect((await backend.attempts!()).map((a) => [a.protocol, a.client, a.count])).toEqual([["ipsec", "fd00::20", 2]]);
    expect(ns.sh("ipset list -n")).not.toContain("pptp");
    await backend.remove();
    expect(ns.sh("ipset list -n")).toBe("");
  });

  it("reads back with full attempt sets (1,024 pairs): the scope sets only are saved, the attempts' elements not", async () => {
    await setup("rvfull");
    const runner = recordingRunner(ns.runner);
    const backend = iptablesBackend(runner);
    const cfg = scopedConfig(["192.168.1.23"]);
    await backend.apply(render(cfg, capabilities, scopeNames).ruleset);
    // What LAN devices trying for long leave: IPsec's sets full (IPsec is off here).
    const full = Array.from({ length: 1024 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.1,udp:500,198.51.100.7`);
    const fill = full.flatMap((element) => [`add lintas_ipsec_blocked_v4 ${element}`, `add lintas_ipsec_blocked_v4_count ${element} packets 3 bytes 300`]).join("\n");
    await withTempFile("fill", `${fill}\n`, (file) => ns.runner.run(["ipset", "-exist", "restore", "-file", file]));
    runner.programs();
    const snapshot = await backend.read({ listing: true });
    expect(runner.calls.map((argv) => argv.join(" "))).not.toContain("ipset save");
    expect(snapshot.listing).toContain("create lintas_pptp_lan_v4 hash:net");
    expect(snapshot.listing).not.toContain("add lintas_ipsec_blocked_v4");
    expect(compareWithKernel(cfg, capabilities, backend, snapshot, scopeNames).inSync).toBe(true);
    expect((await backend.attempts!()).find((a) => a.protocol === "ipsec")).toBeDefined();
  });

  it("reads the attempts and the scope sets when an apply destroys a set between ipset's listing and its save", async () => {
    await setup("rvgone");
    const cfg = configSchema.parse({ network, passthrough: { pptp: { enabled: false }, ipsec: { enabled: true, scope: { servers: ["198.51.100.7"] } }, l2tp: { enabled: false } } });
    await iptablesBackend(ns.runner).apply(render(cfg, capabilities).ruleset);
    ns.sh("ipset add lintas_pptp_blocked_v4 192.168.1.20,tcp:1723,198.51.100.7; ipset add lintas_pptp_blocked_v4_count 192.168.1.20,tcp:1723,198.51.100.7 packets 4 bytes 240");
    // The first save finds L2TP's sets gone (an apply turning it on destroys them after its rules went in).
    let doomed: string | undefined;
    const backend = iptablesBackend({
      ...ns.runner,
      run(argv, input) {
        if (argv.join(" ") === "ipset -" && doomed) {
          ns.sh(`ipset destroy ${doomed}`);
          doomed = undefined;
        }
        return ns.runner.run(argv, input);
      },
    });
    // No rule references them now (an ipset in use cannot be destroyed).
    ns.sh("iptables -F LINTAS_FORWARD; ip6tables -F LINTAS_FORWARD");
    doomed = "lintas_l2tp_blocked_v4";
    expect((await backend.attempts!()).map((a) => [a.protocol, a.count])).toEqual([["pptp", 4]]);
    ns.sh("ipset create lintas_pptp_lan_v4 hash:net");
    doomed = "lintas_pptp_lan_v4";
    expect((await backend.read({ listing: true })).listing).toContain("add lintas_ipsec_servers_v4 198.51.100.7");
  });

  it("without ipset (not installed): the probe says so, and every unscoped switch applies, reads back in sync and counts no attempts", async () => {
    await setup("iptnoipset");
    // ipset answers as a missing program does; everything else is the namespace's real kernel.
    const noIpset: typeof ns.runner = {
      ...ns.runner,
      run: (argv, input) => (argv[0] === "ipset" ? Promise.resolve({ code: 127, stdout: "", stderr: "spawn ipset ENOENT" }) : ns.runner.run(argv, input)),
    };
    const probed = await probeCapabilities(noIpset);
    expect(probed.ipset).toEqual({ available: false, reason: "ipset is not installed (Debian package ipset)" });
    const { backend } = chooseBackend({ ...probed, nftables: { available: false, reason: "test" } }, { runner: noIpset, dryRunFile: "/dev/null" });
    expect(backend.name).toBe("iptables");
    expect(backend.attempts).toBeUndefined();
    for (const cfg of [config(false, false, false), config(true, false, true), config(false, true, false)]) {
      const status = await applyAndCompare(backend, cfg);
      expect(status.inSync).toBe(true);
      expect(ns.sh("iptables-save")).not.toContain("--match-set");
    }
    expect(ns.sh("iptables-save")).toContain('"pptp=off: TCP 1723 (control) LAN->WAN drop" -j DROP');
  });

  it("swaps the previous sets back when the rules are refused", async () => {
    await setup("iptscoperefuse");
    const backend = iptablesBackend(ns.runner);
    await applyAndCompare(backend, scopedConfig(["192.168.1.23"]), scopeNames);
    const saved = () => ns.sh("iptables-save | grep -v '^#'; ip6tables-save | grep -v '^#'; ipset save | sed 's/ initval .*//'");
    const before = saved();
    const next = render(scopedConfig(["10.0.0.0/8"]), capabilities, scopeNames).ruleset;
    const badHelper = { ...next.rules[0]!, chain: "prerouting", action: { kind: "helper", helper: "nosuchhelper" } } as Ruleset["rules"][number];
    await expect(backend.apply({ ...next, rules: [...next.rules, badHelper] })).rejects.toMatchObject({ refusal: { kind: "ruleset", tool: "iptables-restore" } });
    expect(saved()).toBe(before);
  });

  it("changes nothing in either family when one refuses the ruleset", async () => {
    await setup("iptrefuse");
    const backend = iptablesBackend(ns.runner);
    await backend.apply(render(config(true, true, true), capabilities).ruleset);
    const saved = () => ns.sh("iptables-save | grep -v '^#'; ip6tables-save | grep -v '^#'");
    const before = saved();
    const good = render(config(false, false, false), capabilities).ruleset;
    // Both families carry forward rules: IPv6's --test refuses before anything is restored.
    const drop = good.rules.find((r) => r.action.kind === "drop")!;
    const badPort = { ...drop, match: { ...drop.match, flow: { l4proto: "tcp", port: 70000 } } } as Ruleset["rules"][number];
    await expect(backend.apply({ ...good, rules: [...good.rules, badPort] })).rejects.toMatchObject({ refusal: { kind: "ruleset", tool: "ip6tables-restore" } });
    expect(saved()).toBe(before);
    // A helper rule is IPv4 only: IPv4's restore refuses it, atomically, and IPv6 was not touched yet.
    const badHelper = { ...drop, chain: "prerouting", action: { kind: "helper", helper: "nosuchhelper" } } as Ruleset["rules"][number];
    await expect(backend.apply({ ...good, rules: [...good.rules, badHelper] })).rejects.toMatchObject({ refusal: { kind: "ruleset", tool: "iptables-restore" } });
    expect(saved()).toBe(before);
  });
});

describe("conntrack", () => {
  it("cuts the open flows of a protocol and leaves others alone", async () => {
    await setup("ct");
    // A namespace tracks connections once a rule needs conntrack: our masquerade and helper rules do.
    await nftablesBackend(ns.runner).apply(render(config(true, false, false), capabilities).ruleset);
    // Loopback traffic is tracked too: one L2TP-port flow and one DNS-port flow.
    ns.sh("bash -c 'echo x > /dev/udp/127.0.0.1/1701; echo x > /dev/udp/127.0.0.1/53'");
    const entries = () => ns.sh("conntrack -L 2>/dev/null");
    expect(entries()).toMatch(/dport=1701/);
    expect(await cutFlows(ns.runner, [protocolSpec("l2tp")])).toBe(1);
    expect(entries()).not.toMatch(/dport=1701/);
    expect(entries()).toMatch(/dport=53/);
  });
});
