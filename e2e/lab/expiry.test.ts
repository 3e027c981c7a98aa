// A switch set with a short time limit, proven with real traffic through the lab router: with no watcher at all,
// the kernel passes PPTP before its deadline and blocks it after it, and an L2TP flow opened before it stops
// passing at it; with `lintas watch` running, the watcher also turns the switch off; and across a restart (the
// watcher stopped before the deadline, started after it), the switch is off at once. Audited both times.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS, probe, runChecks, startWanServer } from "../../lab/probes";
import { ADDRESSES } from "../../lab/topology";
import { lintasIn, waitFor, WatchProcess } from "../../lab/testing/lintas-process";
import { type TestLab, useTestLab } from "./support";

let t: TestLab;
const PPTP = CHECKS.filter((check) => check.id === "pptp");
const pptpPasses = async () => (await probe(t.lab, PPTP))[0]!.passed;
const expiries = () => lintasIn(t.lab.router, t.lab.dataDir).audit("config.expire");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const startWatch = () => new WatchProcess(t.startLintas("watch")).started();
const deadlineOf = (protocol: "pptp" | "l2tp") => Date.parse(t.status().passthrough[protocol].expiry!.at);
/** Until `ms` (since the epoch) has passed. */
const sleepUntil = (ms: number) => sleep(Math.max(0, ms - Date.now()));

/** A UDP 1701 flow from LAN host 1 to the WAN server for `seconds`: the times (ms) its echoes came back. */
function l2tpStream(seconds: number): Promise<number[]> {
  const agentPath = path.join(import.meta.dirname, "..", "..", "lab", "agent.py");
  const stream = spawn("ip", ["netns", "exec", t.lab.lanHosts[0], "/usr/bin/python3", agentPath, "udp-stream", ADDRESSES.wanHost, "1701", String(seconds)]);
  let text = "";
  stream.stdout.on("data", (d) => (text += d));
  return new Promise((resolve) => stream.on("close", () => resolve(text.split("\n").filter(Boolean).map((line) => (JSON.parse(line) as { at: number }).at * 1000))));
}

describe.each([["nftables"], ["iptables"]] as const)("a switch with a time limit (%s backend)", (backend) => {
  useTestLab(backend === "nftables" ? "exp" : "expipt", { backend }, (lab) => void (t = lab));

  it("with no watcher running, the kernel passes PPTP until its deadline and blocks it after it; an L2TP flow opened before stops at it", async () => {
    const server = await startWanServer(t.lab);
    try {
      t.set("pptp=on", "l2tp=on", "--for", "3s");
      const flow = l2tpStream(6);
      const [pptpDeadline, l2tpDeadline] = [deadlineOf("pptp"), deadlineOf("l2tp")];
      expect((await runChecks(t.lab, PPTP))[0]!.passed).toBe(true);
      const echoes = await flow;
      // The kernel stops at the deadline's whole second (never later): the flow passed until then, nothing after.
      const stop = Math.floor(l2tpDeadline / 1000) * 1000;
      expect(echoes.filter((at) => at < stop).length).toBeGreaterThan(10);
      expect(Math.max(...echoes)).toBeGreaterThan(stop - 1000);
      expect(echoes.filter((at) => at > stop + 200)).toEqual([]);
      await sleepUntil(pptpDeadline + 200);
      expect((await runChecks(t.lab, PPTP))[0]!.passed).toBe(false);
      // Dropped as when off: the attempt is counted per LAN device and server (nftables keeps such counts).
      if (backend === "nftables") expect(t.routerSh("nft list set inet lintas pptp_blocked_v4")).toMatch(/elements = \{ [\d.]+ \. [\d.]+ /);
    } finally {
      server.stop();
    }
    // Nobody turned the switches off: the store still says on, and the kernel blocks them by its own rules, as asked.
    const status = t.status();
    expect(status.passthrough.pptp.enabled).toBe(true);
    expect(status.kernel!.inSync).toBe(true);
    expect(status.kernel!.protocols.filter((p) => p.expired).map((p) => [p.id, p.actual])).toEqual([["pptp", "blocked"], ["l2tp", "blocked"]]);
    expect(status.traffic!.pptp.verdict).toBe("blocked");
    const text = t.lintas("status");
    expect(text).toMatch(/^PPTP\s+active\s+expired\s+blocked [^\n]*$/m);
    expect(text).not.toContain("<- differs");
    expect(text).toContain("deadlines in the kernel yes");
    expect(expiries()).toEqual([]);
    t.set("pptp=off", "l2tp=off");
  });

  it("passes PPTP until its deadline, then the running watcher turns it off and the probe is blocked", async () => {
    const watch = await startWatch();
    try {
      t.set("pptp=on", "--for", "3s");
      expect(t.lintas("passthrough")).toMatch(/^pptp=on, until \S+Z \(\d s left\)$/m);
      expect(await pptpPasses()).toBe(true);
      await waitFor(() => /PPTP turned off: its 3 s were up/.test(watch.log), 6000, () => watch.log);
      expect(t.status().passthrough.pptp).toEqual({ enabled: false });
      expect(await pptpPasses()).toBe(false);
      expect(expiries()).toEqual([
        expect.objectContaining({ actor: expect.stringMatching(/^watcher \(lintas watch, pid \d+\)$/), ok: 1, detail: expect.objectContaining({ expired: [{ protocol: "pptp", seconds: 3 }], cut: ["pptp"] }) }),
      ]);
    } finally {
      await watch.stop();
    }
  });

  it("a deadline that passed while no watcher ran: the watcher's start turns the switch off at once", async () => {
    const before = await startWatch();
    t.set("pptp=on", "--for", "2s");
    await before.stop();
    expect(await pptpPasses()).toBe(true);
    await sleep(2500);
    // Nobody turned it off yet: the switch is still on in the store, and the kernel blocks it by itself.
    expect(t.status().passthrough.pptp.enabled).toBe(true);
    expect(await pptpPasses()).toBe(false);
    const watch = await startWatch();
    try {
      expect(watch.log).toMatch(/PPTP turned off: its 2 s were up \(applied in \d+ ms\)/);
      expect(t.status().passthrough.pptp.enabled).toBe(false);
      expect(await pptpPasses()).toBe(false);
      expect(expiries()).toHaveLength(2);
      expect(t.status().kernel!.inSync).toBe(true);
    } finally {
      await watch.stop();
    }
  });
});
