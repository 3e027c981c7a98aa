// The pipeline against the real kernel in a throwaway namespace: what it returns is the kernel's read-back,
// and a refused apply leaves the stored config, the kernel and the pending slot as they were.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNetns, type TestNetns } from "../../lab/testing/netns";
import type { Runner } from "../../netfilter";

const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-pipeline-"));
process.env.LINTAS_DATA_DIR = dataDir;
process.env.LINTAS_ROOT = path.join(import.meta.dirname, "..", "..");
const { setNetwork, setPassthrough, showConfig } = await import("./index");
const { loadPending } = await import("../settings");
const { recentAudit } = await import("../audit-history");

let ns: TestNetns;
beforeAll(async () => {
  ns = createNetns("pipeline", { lan: ["br-lan"], wan: "wan0" });
  await setNetwork({ lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true }, { runner: ns.runner });
});
afterAll(() => {
  ns.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The real nft, with one invalid command slipped into the apply batch: the kernel itself refuses it. */
function refusingRunner(real: Runner): Runner {
  return {
    netns: real.netns,
    async run(argv) {
      const file = argv.at(-1) ?? "";
      if (argv[0] === "nft" && !argv.includes("-c") && file.endsWith("ruleset.json")) {
        const batch = JSON.parse(readFileSync(file, "utf8")) as { nftables: unknown[] };
        batch.nftables.push({ add: { rule: { family: "inet", table: "lintas", chain: "no-such-chain", expr: [{ accept: null }] } } });
        writeFileSync(file, JSON.stringify(batch));
      }
      return real.run(argv);
    },
  };
}

describe("the apply pipeline", () => {
  it("returns the kernel's read-back after the apply, with stage timings", async () => {
    const report = await setPassthrough({ l2tp: { enabled: true } }, { runner: ns.runner });
    expect(report.config.passthrough.l2tp.enabled).toBe(true);
    expect(report.kernel.inSync).toBe(true);
    expect(report.kernel.protocols.find((p) => p.id === "l2tp")?.actual).toBe("active");
    expect(report.cut).toEqual([]); // turned on: nothing of it was open
    expect(await report.flowsCut).toBe(0);
    const { planMs, applyMs, verifyMs, totalMs } = report.timings;
    expect(Math.min(planMs, applyMs, verifyMs)).toBeGreaterThanOrEqual(0);
    expect(totalMs).toBeGreaterThanOrEqual(planMs + applyMs + verifyMs - 0.01);
  });

  it("a refused apply keeps the stored config and the kernel as they were, leaves nothing pending, and is audited", async () => {
    const before = ns.sh("nft list ruleset");
    await expect(setPassthrough({ pptp: { enabled: true } }, { runner: refusingRunner(ns.runner) })).rejects.toThrow(/nft refused the ruleset/);
    expect(ns.sh("nft list ruleset")).toBe(before);
    expect((await showConfig()).passthrough.pptp.enabled).toBe(false);
    expect(loadPending()).toBeUndefined();
    const [last] = await recentAudit(1);
    expect(last).toMatchObject({ action: "config.change", ok: false });
  });
});
