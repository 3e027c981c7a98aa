// The harness of the watcher's kernel tests: for each test a throwaway namespace (LAN br-lan, WAN wan0) with its
// own data dir; afterwards the watcher it started is stopped, both are removed, and the root namespace's firewall
// is checked unchanged.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect } from "vitest";
import { lintasIn, type WatchProcess } from "./lintas-process";
import { createNetns, rootFirewall, type TestNetns } from "./netns";

export const TEST_NETWORK = { lan: ["br-lan"], wan: "wan0" };

export type LintasNetns = {
  ns: TestNetns;
  dataDir: string;
  lintas: ReturnType<typeof lintasIn>;
  /** The `lintas watch` a test started, stopped after it. */
  watch?: WatchProcess;
  tablePresent(): boolean;
};

/** Registers the per-test setup; `prepare` runs on the new data dir before the namespace exists (a config stored before a reboot). */
export function lintasNetnsEachTest(tag: string, prepare?: (dataDir: string) => void): LintasNetns {
  let rootBefore: string;
  const t = { tablePresent: () => t.ns.sh("nft list tables").includes("table inet lintas") } as LintasNetns;
  let ns: TestNetns | undefined;
  beforeEach(() => {
    rootBefore = rootFirewall();
    t.dataDir = mkdtempSync(path.join(tmpdir(), `lintas-${tag}-`));
    prepare?.(t.dataDir);
    t.ns = ns = createNetns(tag, TEST_NETWORK);
    t.lintas = lintasIn(t.ns.name, t.dataDir);
  });
  afterEach(async () => {
    await t.watch?.stop();
    t.watch = undefined;
    ns?.remove(); // absent when `prepare` failed
    ns = undefined;
    rmSync(t.dataDir, { recursive: true, force: true });
    expect(rootFirewall()).toBe(rootBefore);
  });
  return t;
}

/** Long enough for a burst's quiet time, a look and the look at its own apply's events to have passed. */
export const settled = () => new Promise((resolve) => setTimeout(resolve, 1000));
