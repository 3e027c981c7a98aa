// `nft monitor` lines as nft 1.0.6 prints them (captured in a namespace: a Lintas apply, `nft flush ruleset`,
// a hand edit, a set element), and the monitor following a real namespace's ruleset.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNetns, type TestNetns } from "../lab/testing/netns";
import { monitorRuleset, parseMonitorLine, type MonitorEvent } from "./monitor";

describe("parseMonitorLine", () => {
  it("reads changes, naming their table and whether it is Lintas's", () => {
    expect(parseMonitorLine("delete table inet lintas")).toEqual({
      kind: "change",
      change: { verb: "delete", object: "table", family: "inet", table: "lintas", ours: true },
    });
    expect(parseMonitorLine('add rule inet lintas forward handle 8 iifname "br-lan" oifname "wan0" meta l4proto gre accept comment "pptp=on: GRE"'))
      .toMatchObject({ change: { verb: "add", object: "rule", table: "lintas", ours: true } });
    expect(parseMonitorLine('add ct helper inet lintas pptp { type "pptp" protocol tcp; l3proto ip; } ')).toMatchObject({
      change: { object: "ct helper", family: "inet", table: "lintas", ours: true },
    });
    expect(parseMonitorLine("add chain inet filter forward { type filter hook forward priority filter; policy drop; }")).toMatchObject({
      change: { verb: "add", object: "chain", family: "inet", table: "filter", ours: false },
    });
    expect(parseMonitorLine("delete chain ip filter DOCKER-USER")).toMatchObject({ change: { table: "filter", ours: false } });
    // The iptables backend's own chains live in the host's iptables-nft tables.
    expect(parseMonitorLine("add rule ip filter LINTAS_FORWARD counter accept")).toMatchObject({ change: { table: "filter", ours: true } });
  });

  it("reads the generation line that closes a transaction, with the process behind it", () => {
    expect(parseMonitorLine("# new generation 924 by process 6608 (nft)")).toEqual({
      kind: "generation",
      generation: { generation: 924, pid: 6608, process: "nft" },
    });
    expect(parseMonitorLine("# new generation 7 by process 31 (iptables-restor)")).toMatchObject({ generation: { process: "iptables-restor" } });
    expect(parseMonitorLine("# new generation 8")).toEqual({ kind: "generation", generation: { generation: 8 } });
  });

  it("leaves out set elements and anything else that cannot remove a rule", () => {
    expect(parseMonitorLine("add element ip t s { 1.2.3.4 }")).toBeUndefined();
    expect(parseMonitorLine("trace id 1234 inet lintas forward packet: iif ...")).toBeUndefined();
    expect(parseMonitorLine("")).toBeUndefined();
  });
});

describe("monitorRuleset", () => {
  let ns: TestNetns;
  beforeEach(() => {
    ns = createNetns("monitor");
  });
  afterEach(() => ns.remove());

  it("follows a namespace's ruleset until stopped: a flush shows as deletes, then who did it", async () => {
    ns.sh("nft add table inet lintas && nft add chain inet lintas forward '{ type filter hook forward priority 0; }'");
    const events: MonitorEvent[] = [];
    const monitor = monitorRuleset(ns.runner, (event) => events.push(event));
    await new Promise((resolve) => setTimeout(resolve, 300)); // nft subscribes
    ns.sh("nft flush ruleset");
    const deadline = Date.now() + 2000;
    while (!events.some((e) => e.kind === "generation") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await monitor.stop();
    expect(events.filter((e) => e.kind === "change").map((e) => e.change)).toEqual([
      { verb: "delete", object: "chain", family: "inet", table: "lintas", ours: true },
      { verb: "delete", object: "table", family: "inet", table: "lintas", ours: true },
    ]);
    expect(events.at(-1)).toMatchObject({ kind: "generation", generation: { process: "nft" } });
    expect(await monitor.ended).toMatchObject({ code: 143 }) // SIGTERM;
  });
});
