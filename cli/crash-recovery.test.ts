// A process killed in the middle of an apply leaves the stored config and the kernel agreeing once the next
// command runs: killed before the kernel took the ruleset, the change is dropped; killed after, it is kept.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNetns, type TestNetns } from "../lab/testing/netns";

const bin = path.join(import.meta.dirname, "..", "bin", "lintas");
let ns: TestNetns;
let dataDir: string;

beforeEach(() => {
  ns = createNetns("crash", { lan: ["br-lan"], wan: "wan0" });
  dataDir = mkdtempSync(path.join(tmpdir(), "lintas-crash-"));
  expect(lintas({}, "network", "set", "--lan", "br-lan", "--wan", "wan0", "--masquerade", "on").code).toBe(0);
});
afterEach(() => {
  ns.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

function lintas(env: Record<string, string>, ...args: string[]) {
  const result = spawnSync("ip", ["netns", "exec", ns.name, bin, ...args], {
    encoding: "utf8",
    env: { ...process.env, LINTAS_DATA_DIR: dataDir, LINTAS_BACKEND: "", ...env },
  });
  return { code: result.status, signal: result.signal, out: result.stdout, err: result.stderr };
}

const storedPptp = () => {
  const db = new Database(path.join(dataDir, "lintas.db"), { readonly: true });
  try {
    const row = db.prepare(`SELECT enabled FROM "Passthrough" WHERE protocol = 'pptp'`).get() as { enabled: number } | undefined;
    return row?.enabled === 1;
  } finally {
    db.close();
  }
};
const kernelPassesPptp = () => ns.sh("nft list table inet lintas").includes('tcp dport 1723 ct mark set ct mark | 0x01000000 counter name "pptp_lan_to_wan" accept comment "pptp=on');
const auditActions = () => {
  const db = new Database(path.join(dataDir, "lintas.db"), { readonly: true });
  try {
    return (db.prepare(`SELECT action, detail FROM "AuditEvent" ORDER BY id`).all() as { action: string; detail: string }[]);
  } finally {
    db.close();
  }
};

describe("an apply killed half-way", () => {
  it("killed after writing the pending config, before the kernel: the change is dropped", () => {
    const killed = lintas({ LINTAS_TEST_CRASH_AT: "after-pending" }, "passthrough", "set", "pptp=on");
    expect(killed.signal).toBe("SIGKILL");
    expect(kernelPassesPptp()).toBe(false);
    expect(storedPptp()).toBe(false);

    const status = JSON.parse(lintas({}, "status", "--json").out);
    expect(status.passthrough.pptp.enabled).toBe(false);
    expect(status.kernel.inSync).toBe(true);
    const recovered = auditActions().filter((e) => e.action === "config.recover");
    expect(recovered).toHaveLength(1);
    expect(JSON.parse(recovered[0]!.detail).outcome).toBe("discarded");
  });

  it("killed after the kernel took the ruleset, before the commit: the change is kept", () => {
    const killed = lintas({ LINTAS_TEST_CRASH_AT: "after-apply" }, "passthrough", "set", "pptp=on");
    expect(killed.signal).toBe("SIGKILL");
    expect(kernelPassesPptp()).toBe(true);
    expect(storedPptp()).toBe(false); // not committed yet: the kernel is ahead of the store

    // The next command of any kind settles it first: here a further change, which builds on the kept one.
    const next = lintas({}, "passthrough", "set", "l2tp=on");
    expect(next.code).toBe(0);
    expect(storedPptp()).toBe(true);
    expect(kernelPassesPptp()).toBe(true);
    const status = JSON.parse(lintas({}, "status", "--json").out);
    expect(status.passthrough.l2tp.enabled).toBe(true);
    expect(status.kernel.inSync).toBe(true);
    expect(auditActions().map((e) => e.action)).toContain("config.recover");
  });
});
