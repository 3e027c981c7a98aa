// A kernel without the pptp helper (the PPTP tracker is deprecated upstream). This kernel has it, so the one
// thing simulated is the helper probe's answer; every other command, nft applies included, runs for real in a
// throwaway namespace. Switching between the two runners is a kernel change without a reboot, so the cached
// probe is forgotten each time (a real one comes with a new boot id).
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNetns, type TestNetns } from "../../lab/testing/netns";
import type { Runner } from "../../netfilter";

const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-nohelper-"));
process.env.LINTAS_DATA_DIR = dataDir;
process.env.LINTAS_ROOT = path.join(import.meta.dirname, "..", "..");
const { applyStored, forgetCapabilities, setNetwork, setPassthrough, status } = await import("./index");

let ns: TestNetns;
let withHelper: Runner;
let withoutHelper: Runner;
beforeAll(() => {
  ns = createNetns("nohelper", { lan: ["br-lan"], wan: "wan0" });
  withHelper = ns.runner;
  withoutHelper = {
    netns: ns.name,
    async run(argv) {
      const file = argv.at(-1) ?? "";
      const probesHelper = argv[0] === "nft" && argv.includes("-c") && file.endsWith("probe.json") && readFileSync(file, "utf8").includes("ct helper");
      if (probesHelper) return { code: 1, stdout: "", stderr: "Error: Could not process rule: No such file or directory" };
      return withHelper.run(argv);
    },
  };
});
afterAll(() => {
  ns.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("PPTP on a kernel without the pptp helper", () => {
  it("refuses to turn PPTP on and changes nothing", async () => {
    await setNetwork({ lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true }, { runner: withHelper });
    const before = ns.sh("nft list ruleset");
    await forgetCapabilities();
    await expect(setPassthrough({ pptp: { enabled: true } }, { runner: withoutHelper })).rejects.toThrow(
      "PPTP passthrough cannot be turned on: this kernel has no pptp conntrack helper",
    );
    expect(ns.sh("nft list ruleset")).toBe(before);
    expect((await status({ runner: withoutHelper })).passthrough.pptp.enabled).toBe(false);
  });

  it("reports it unavailable with the reason, never silently on", async () => {
    const report = await status({ runner: withoutHelper });
    expect(report.capabilities.helpers.pptp).toEqual({
      available: false,
      reason: "this kernel has no pptp conntrack helper (Error: Could not process rule: No such file or directory)",
    });
  });

  it("when PPTP was stored on and the helper vanished, a re-apply blocks PPTP, applies the rest and says so", async () => {
    await forgetCapabilities();
    await setPassthrough({ pptp: { enabled: true } }, { runner: withHelper });
    await forgetCapabilities();
    const report = await applyStored({ runner: withoutHelper });
    expect(report.effects.pptp.state).toBe("unavailable");
    expect(report.warnings).toContainEqual({
      key: "warning.storedOnButBlocked",
      params: { protocol: "PPTP", reason: "this kernel has no pptp conntrack helper (Error: Could not process rule: No such file or directory)" },
      message: "PPTP passthrough is stored on but blocked: this kernel has no pptp conntrack helper (Error: Could not process rule: No such file or directory)",
    });
    const table = ns.sh("nft list table inet lintas");
    expect(table).not.toContain("ct helper");
    expect(table).toContain('meta l4proto gre drop comment "pptp=off');
    // Other switches still change.
    expect((await setPassthrough({ l2tp: { enabled: true } }, { runner: withoutHelper })).effects.l2tp.state).toBe("active");
  });
});
