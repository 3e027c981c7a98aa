// Switches that turn themselves off, against the real kernel in a throwaway namespace and with an injected clock:
// the deadline set by a change, the watcher's timer, and the watcher's start after a deadline passed while none ran.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createNetns, type TestNetns } from "../../lab/testing/netns";
import { waitFor } from "../../lab/testing/lintas-process";

const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-expiry-"));
process.env.LINTAS_DATA_DIR = dataDir;
process.env.LINTAS_ROOT = path.join(import.meta.dirname, "..", "..");
const { applyStored, setNetwork, setPassthrough, showConfig } = await import("../passthrough");
const { recentAudit } = await import("../audit-history");
const { loadConfig } = await import("../settings");
const { startWatcher } = await import("./watcher");
type Watcher = ReturnType<typeof startWatcher>;

const T0 = Date.parse("2026-11-27T10:00:00Z");
const at = (ms: number) => new Date(ms).toISOString();

let ns: TestNetns;
let watcher: Watcher | undefined;
const log: string[] = [];
beforeAll(async () => {
  ns = createNetns("expiry", { lan: ["br-lan"], wan: "wan0" });
  await setNetwork({ lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true }, { runner: ns.runner });
});
afterEach(async () => {
  await watcher?.stop();
  watcher = undefined;
  log.length = 0;
});
afterAll(() => {
  ns.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

const watch = (now: () => number) => (watcher = startWatcher({ host: "test", runner: ns.runner, now, log: (line) => log.push(line) }));
const pptpPasses = () => /tcp dport 1723 [^\n]*accept comment "pptp=on/.test(ns.sh("nft list table inet lintas"));

describe("a change sets the deadline", () => {
  it("on --for sets it from the clock; on again without it clears it and keeps since when it is on; off clears both", async () => {
    const options = { runner: ns.runner, now: () => T0 };
    expect((await setPassthrough({ pptp: { enabled: true, forSeconds: 8 * 3600 } }, options)).config.passthrough.pptp).toEqual({
      enabled: true,
      expiry: { at: "2026-11-27T18:00:00.000Z", seconds: 28_800 },
      onSince: at(T0),
    });
    // A new deadline for a switch already on changes no rule: its open flows stay.
    const later = await setPassthrough({ pptp: { enabled: true, forSeconds: 60 } }, { runner: ns.runner, now: () => T0 + 1000 });
    expect(later.config.passthrough.pptp).toEqual({ enabled: true, expiry: { at: at(T0 + 61_000), seconds: 60 }, onSince: at(T0) });
    expect(later.cut).toEqual([]);
    const untilOff = await setPassthrough({ pptp: { enabled: true } }, { runner: ns.runner, now: () => T0 + 2000 });
    expect(untilOff.config.passthrough.pptp).toEqual({ enabled: true, onSince: at(T0) });
    expect((await setPassthrough({ pptp: { enabled: false } }, options)).config.passthrough.pptp).toEqual({ enabled: false });
    expect((await showConfig()).passthrough.pptp).toEqual({ enabled: false });
  });

  it("a time limit without turning the switch on is refused and changes nothing", async () => {
    const before = await showConfig();
    await expect(setPassthrough({ l2tp: { enabled: false, forSeconds: 60 } }, { runner: ns.runner })).rejects.toThrow(
      "L2TP: a time limit goes with turning it on (l2tp=on --for 8h)",
    );
    await expect(setPassthrough({ ipsec: { natT: false, forSeconds: 60 } }, { runner: ns.runner })).rejects.toThrow(/IPsec: a time limit/);
    expect(await showConfig()).toEqual(before);
  });
});

describe("a re-apply of the stored config (lintas apply, at boot)", () => {
  it("turns off in the same apply a switch whose deadline passed while nothing enforced it", async () => {
    await setPassthrough({ pptp: { enabled: true, forSeconds: 60 } }, { runner: ns.runner, now: () => T0 });
    expect(pptpPasses()).toBe(true);
    const report = await applyStored({ runner: ns.runner, now: () => T0 + 60_000 });
    expect(report.config.passthrough.pptp).toEqual({ enabled: false });
    expect(pptpPasses()).toBe(false);
    const [entry] = await recentAudit(1);
    expect(entry).toMatchObject({ action: "config.expire", ok: true });
    // Before its deadline the same re-apply leaves a switch on.
    await setPassthrough({ pptp: { enabled: true, forSeconds: 60 } }, { runner: ns.runner, now: () => T0 });
    expect((await applyStored({ runner: ns.runner, now: () => T0 + 59_999 })).config.passthrough.pptp.enabled).toBe(true);
    await setPassthrough({ pptp: { enabled: false } }, { runner: ns.runner });
  });
});

describe("the watcher", () => {
  it("at start turns off at once a switch whose deadline passed while no watcher ran, through the pipeline, audited", async () => {
    await setPassthrough({ pptp: { enabled: true, forSeconds: 3600 } }, { runner: ns.runner, now: () => T0 });
    expect(pptpPasses()).toBe(true);
    watch(() => T0 + 2 * 3600_000);
    // The log line follows the apply and its audit entry.
    await waitFor(() => log.some((line) => /^PPTP turned off: its 1 h were up \(applied in \d+ ms\)$/.test(line)), 3000, () => log.join("\n"));
    expect(loadConfig().passthrough.pptp).toEqual({ enabled: false });
    expect(pptpPasses()).toBe(false);
    const [entry] = await recentAudit(1);
    expect(entry).toMatchObject({ action: "config.expire", ok: true, actor: expect.stringMatching(/^watcher \(test, pid \d+\)$/) });
    expect((entry as unknown as { detail: Record<string, unknown> }).detail).toMatchObject({
      expired: [{ protocol: "pptp", seconds: 3600 }],
      changes: [{ key: "pptp", before: true, after: false }],
      cut: ["pptp"],
    });
  });

  it("arms a timer for the nearest deadline and turns the switch off when it comes, not before", async () => {
    // The clock says the 60 s are almost up: the deadline is 1.5 s of real time away.
    const offset = 58_500;
    const now = () => Date.now() + offset;
    await setPassthrough({ pptp: { enabled: true, forSeconds: 60 } }, { runner: ns.runner, now: () => Date.now() });
    watch(now);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(loadConfig().passthrough.pptp.enabled).toBe(true);
    await waitFor(() => log.some((line) => line.startsWith("PPTP turned off: its 1 min were up")), 3000, () => log.join("\n"));
    expect(loadConfig().passthrough.pptp.enabled).toBe(false);
    expect(pptpPasses()).toBe(false);
  });
});
