// Issue 9 proven with real traffic, once per host firewall profile (host-firewall-*.test.ts, one lab each, so the
// profiles run in parallel): Lintas next to the host's own firewall passes what is on and blocks what is off,
// repairs a firewall restart and a reboot in either start order, and in report mode says who drops the traffic.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootHostFirewall, restartHostFirewall, type HostFirewallName } from "../../lab/host-firewall/profiles";
import { bringUp, labStatus, rebootLab } from "../../lab/lab";
import { agent, CHECKS, probe, startWanServer, type ProbeRow } from "../../lab/probes";
import { WatchProcess, waitFor } from "../../lab/testing/lintas-process";
import { rootFirewall } from "../../lab/testing/netns";
import { ADDRESSES } from "../../lab/topology";
import { createTestLab, type TestLab } from "./support";

export type HostFirewallCase = {
  profile: Exclude<HostFirewallName, "none">;
  /** Text in the router's `nft list ruleset` that only this firewall writes: proof that it is loaded. */
  loaded: string;
  /** The host firewall's table that drops VPN traffic, as `lintas status` names it. */
  hostTable: string;
  /** How `lintas trace` ends the path of an IKE packet that the host firewall stops. */
  traceEnd: string;
};

const ALL_ON = ["pptp=on", "ipsec=on", "ipsec.ah=on", "l2tp=on"];
const ALL_OFF = ["pptp=off", "ipsec=off", "l2tp=off"];
const EVERY_CHECK = CHECKS.map((c) => c.id);
// The repair the watcher owes after a firewall restart or a late firewall start (issue 9, section 2).
const REPAIR_DEADLINE_S = 2;
// This machine's own firewall configuration, which the profiles must never touch (they use private copies).
const MACHINE_FILES = ["/etc/ufw", "/etc/default/ufw", "/etc/firewalld", "/etc/nftables.conf"];

const passing = (rows: ProbeRow[]) => rows.filter((r) => r.passed).map((r) => r.check.id);

export function describeHostFirewall(c: HostFirewallCase): void {
  let t: TestLab;
  let rootBefore: string;
  let machineBefore: string;

  // Every probe is a new session, as the reports were (after `conntrack -F`).
  const probeNew = async () => {
    t.routerSh("conntrack -F 2>/dev/null");
    return passing(await probe(t.lab));
  };

  /** A new IKE session from lan1, resent every 200 ms until an echo or the deadline: true if it passed in time. */
  const ikePassesWithin = async (seconds: number) => {
    const server = await startWanServer(t.lab);
    try {
      t.routerSh("conntrack -F 2>/dev/null");
      const reply = await agent(t.lab.lanHosts[0], ["udp", ADDRESSES.wanHost, "500", "--sport", "500"], { LAB_TIMEOUT: String(seconds) });
      return reply.ok;
    } finally {
      server.stop();
    }
  };

  /** `lintas watch` in the router, as its unit runs it; resolves once its first look (the reconcile at start) is done. */
  const startWatcher = () => new WatchProcess(t.startLintas("watch")).started();

  beforeAll(() => {
    rootBefore = rootFirewall();
    machineBefore = digest(MACHINE_FILES);
    t = createTestLab(`hf${c.profile.slice(0, 3)}`, { hostFirewall: c.profile });
  });
  afterAll(() => {
    t?.down();
    expect(rootFirewall()).toBe(rootBefore);
    expect(digest(MACHINE_FILES)).toBe(machineBefore);
  });

  describe(`next to the host firewall "${c.profile}"`, () => {
    it("the profile runs in the lab router only", () => {
      expect(t.routerSh("nft list ruleset 2>/dev/null")).toContain(c.loaded);
      expect(labStatus(t.lab).hostFirewall).toBe(c.profile);
      // Profiles are not swapped on a running router: another one is refused before anything is touched.
      const other = c.profile === "nftables" ? "docker" : "nftables";
      expect(() => bringUp(t.lab, () => {}, other)).toThrow(`the lab router runs host firewall ${c.profile}: \`lintas lab down\` first`);
      expect(t.routerSh("nft list ruleset 2>/dev/null")).toContain(c.loaded);
    });

    it("every switch off: every probe blocked", async () => {
      t.set(...ALL_OFF);
      expect(await probeNew()).toEqual([]);
    });

    it("every switch on: every probe passes through the host firewall", async () => {
      t.set(...ALL_ON);
      expect(await probeNew()).toEqual(EVERY_CHECK);
      expect(t.status().kernel!.inSync).toBe(true);
    });

    it("every switch off again: every probe blocked", async () => {
      t.set(...ALL_OFF);
      expect(await probeNew()).toEqual([]);
    });

    it(`the host firewall restarted: lintas watch has the probes passing again within ${REPAIR_DEADLINE_S} s`, async () => {
      t.set(...ALL_ON);
      await startWatcher();
      restartHostFirewall(t.lab);
      expect(await ikePassesWithin(REPAIR_DEADLINE_S)).toBe(true);
      expect(await probeNew()).toEqual(EVERY_CHECK);
    });

    it("report mode: Lintas leaves the host firewall alone, traffic is blocked, and status names the host table", async () => {
      t.lintas("network", "set", "--host-firewall", "report");
      expect(await probeNew()).toEqual([]);
      const status = t.lintas("status");
      expect(status).toContain("blocked by the host firewall");
      expect(status).toContain(c.hostTable);
    });

    it("report mode: lintas trace ipsec shows where the host firewall drops IKE", async () => {
      const trace = t.startLintas("trace", "ipsec", "--from", ADDRESSES.lanHosts[0], "--seconds", "3");
      let output = "";
      trace.stdout!.on("data", (d) => (output += d));
      trace.stderr!.on("data", (d) => (output += d));
      const ended = new Promise((resolve) => trace.on("close", resolve));
      // The header is printed once the trace table is in place and nft monitor listens.
      await Promise.race([waitFor(() => output.includes("tracing "), 10_000, () => output), ended]);
      expect(output).toContain("tracing ");
      expect(await ikePassesWithin(1)).toBe(false);
      await ended;
      expect(output).toContain(`=> ${c.traceEnd}`);
    });
  });

  describe(`a reboot of the router with "${c.profile}" (empty ruleset and conntrack table, then the units start)`, () => {
    const rebootEmpty = async () => {
      await t.killStarted();
      rebootLab(t.lab);
      expect(t.routerSh("nft list ruleset")).toBe("");
      expect(t.routerSh("conntrack -C").trim()).toBe("0");
    };

    it("host firewall first, then lintas apply and lintas watch: the stored switches come back and pass", async () => {
      t.lintas("network", "set", "--host-firewall", "open");
      t.set(...ALL_ON);
      const switches = t.lintas("passthrough");
      await rebootEmpty();
      bootHostFirewall(t.lab);
      t.lintas("apply");
      await startWatcher();
      expect(t.lintas("passthrough")).toBe(switches);
      expect(await probeNew()).toEqual(EVERY_CHECK);
    });

    it(`lintas apply and lintas watch first, then the host firewall: passing again within ${REPAIR_DEADLINE_S} s`, async () => {
      await rebootEmpty();
      t.lintas("apply");
      await startWatcher();
      bootHostFirewall(t.lab);
      expect(await ikePassesWithin(REPAIR_DEADLINE_S)).toBe(true);
      expect(await probeNew()).toEqual(EVERY_CHECK);
    });
  });
}

/** One hash over the files (and their modes) under `paths`, so any change to them shows. */
function digest(paths: string[]): string {
  const hash = createHash("sha256");
  const visit = (p: string) => {
    if (!existsSync(p)) return hash.update(`${p} absent\n`);
    const stat = statSync(p);
    hash.update(`${p} ${stat.mode}\n`);
    if (stat.isDirectory()) for (const entry of readdirSync(p).sort()) visit(path.join(p, entry));
    else hash.update(readFileSync(p));
  };
  for (const p of paths) visit(p);
  return hash.digest("hex");
}
