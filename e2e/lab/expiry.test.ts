// A switch set with a short time limit, proven with real traffic through the lab router: PPTP passes the probe
// before its deadline and is blocked after it, with `lintas watch` running; and across a restart (the watcher
// stopped before the deadline, started after it), the switch is off at once. Audited both times.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKS, probe } from "../../lab/probes";
import { rootFirewall } from "../../lab/testing/netns";
import { lintasIn, waitFor, WatchProcess } from "../../lab/testing/lintas-process";
import { createTestLab, type TestLab } from "./support";

let t: TestLab;
const PPTP = CHECKS.filter((check) => check.id === "pptp");
const pptpPasses = async () => (await probe(t.lab, PPTP))[0]!.passed;
const expiries = () => lintasIn(t.lab.router, t.lab.dataDir).audit("config.expire");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const startWatch = () => new WatchProcess(t.startLintas("watch")).started();

describe.each([["nftables"], ["iptables"]] as const)("a switch with a time limit (%s backend)", (backend) => {
  let rootBefore: string;
  beforeAll(() => {
    rootBefore = rootFirewall();
    t = createTestLab(backend === "nftables" ? "exp" : "expipt", { backend });
  });
  afterAll(() => {
    t?.down();
    expect(rootFirewall()).toBe(rootBefore);
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
    // Nobody enforced the deadline yet: the switch is still on in the store and in the kernel.
    expect(t.status().passthrough.pptp.enabled).toBe(true);
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
