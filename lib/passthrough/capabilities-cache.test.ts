// The probe runs once per boot, namespace and tool set; a failed apply or a changed key makes it run again.
// Real probes in throwaway namespaces; a recording runner tells which programs each call started.
import { chmodSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNetns, type TestNetns } from "../../lab/testing/netns";
import { recordingRunner, type RecordingRunner } from "../../lab/testing/recording-runner";
import { probeCapabilities, PROBED_TOOLS } from "../../netfilter";

const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-capcache-"));
process.env.LINTAS_DATA_DIR = dataDir;
const { capabilityCacheKey, currentCapabilities, forgetCapabilities } = await import("./capabilities-cache");

let ns: TestNetns;
let runner: RecordingRunner;
beforeAll(() => {
  ns = createNetns("capcache");
  runner = recordingRunner(ns.runner);
});
afterAll(() => {
  ns?.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

const probePrograms = ["nft", "iptables-restore", ...PROBED_TOOLS].filter((p, i, all) => all.indexOf(p) === i);
const probed = (programs: string[]) => programs.some((p) => probePrograms.includes(p));

describe("capability cache", () => {
  it("probes once, then answers from the cache, reading only forwarding afresh", async () => {
    const first = await currentCapabilities(runner);
    expect(probed(runner.programs())).toBe(true);
    expect(first).toEqual(await probeCapabilities(ns.runner));

    ns.sh("sysctl -qw net.ipv4.ip_forward=1");
    const second = await currentCapabilities(runner);
    expect(runner.programs()).toEqual(["sysctl"]);
    expect(second).toEqual({ ...first, forwarding: { ipv4: true, ipv6: false } });
  });

  it("probes again after a failed apply forgot it", async () => {
    await currentCapabilities(runner);
    runner.programs();
    await forgetCapabilities();
    await currentCapabilities(runner);
    expect(probed(runner.programs())).toBe(true);
  });

  it("probes again in another namespace", async () => {
    await currentCapabilities(runner);
    runner.programs();
    const other = createNetns("capcache2");
    try {
      const otherRunner = recordingRunner(other.runner);
      expect(await capabilityCacheKey(otherRunner)).not.toBe(await capabilityCacheKey(runner));
      await currentCapabilities(otherRunner);
      expect(probed(otherRunner.programs())).toBe(true);
    } finally {
      other.remove();
    }
  });

  it("keys on the probed programs as PATH finds them: another nft, or the same one upgraded, is a new key", async () => {
    const before = await capabilityCacheKey(runner);
    const bin = mkdtempSync(path.join(tmpdir(), "lintas-bin-"));
    const savedPath = process.env.PATH;
    try {
      const nft = path.join(bin, "nft");
      writeFileSync(nft, "#!/bin/sh\nexec /usr/sbin/nft \"$@\"\n");
      chmodSync(nft, 0o755);
      process.env.PATH = `${bin}:${savedPath}`;
      const shadowed = await capabilityCacheKey(runner);
      expect(shadowed).not.toBe(before);
      utimesSync(nft, new Date(), new Date(Date.now() + 60_000));
      expect(await capabilityCacheKey(runner)).not.toBe(shadowed);
    } finally {
      process.env.PATH = savedPath;
      rmSync(bin, { recursive: true, force: true });
    }
    expect(await capabilityCacheKey(runner)).toBe(before);
  });
});
