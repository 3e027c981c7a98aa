// The stored, applied and pending config on the raw SQLite connection, in a temp data dir; the rows it writes
// are read back through Prisma, which owns the schema.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_PASSTHROUGH, type LintasConfig } from "../netfilter/config";

const parent = mkdtempSync(path.join(tmpdir(), "lintas-settings-"));
const dataDir = path.join(parent, "data");
process.env.LINTAS_DATA_DIR = dataDir;
process.env.LINTAS_ROOT = path.join(import.meta.dirname, "..");
const { commitPending, discardPending, loadApplied, loadConfig, loadPending, saveApplied, savePending } = await import("./settings");
const { audit } = await import("./audit");
const { recentAudit } = await import("./audit-history");
const { sqlite } = await import("./db/sqlite");
const { db } = await import("./db/client");
afterAll(() => rmSync(parent, { recursive: true, force: true }));

const config = (pptp: boolean, wanInterface = "wan0"): LintasConfig => ({
  network: { lanInterfaces: ["br-lan", "lan1"], wanInterface, masquerade: true, hostFirewall: "report" },
  passthrough: { ...DEFAULT_PASSTHROUGH, pptp: { enabled: pptp }, ipsec: { enabled: true, natT: false, esp: true, ah: true } },
});

describe("stored config", () => {
  it("starts with no network and every switch off, in a private data dir", () => {
    expect(loadConfig()).toEqual({ network: undefined, passthrough: DEFAULT_PASSTHROUGH });
    expect(loadApplied()).toBeUndefined();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });

  it("saveApplied stores rows Prisma reads back as the schema defines them", async () => {
    const before = Date.now();
    saveApplied(config(true), "nftables");
    expect(loadConfig()).toEqual(config(true));
    const applied = loadApplied()!;
    expect(applied.backend).toBe("nftables");
    expect(applied.appliedAt.getTime()).toBeGreaterThanOrEqual(before);

    const network = await db().network.findUniqueOrThrow({ where: { id: 1 } });
    expect(network).toMatchObject({ lanInterfaces: '["br-lan","lan1"]', wanInterface: "wan0", masquerade: true, hostFirewall: "report" });
    expect(network.updatedAt.getTime()).toBeGreaterThanOrEqual(before);
    const ipsec = await db().passthrough.findUniqueOrThrow({ where: { protocol: "ipsec" } });
    expect(ipsec).toMatchObject({ enabled: true, options: '{"natT":false,"esp":true,"ah":true}' });
    expect((await db().appliedState.findUniqueOrThrow({ where: { id: 1 } })).appliedAt).toEqual(applied.appliedAt);
  });

  it("audit events written here are listed by the audit page's Prisma query", async () => {
    const before = Date.now();
    audit({ actor: { name: "admin", address: "192.168.50.10" }, action: "config.change", ok: false, detail: { error: "refused" } });
    const [event] = await recentAudit(1);
    expect(event).toMatchObject({ actor: "admin", address: "192.168.50.10", action: "config.change", ok: false, detail: { error: "refused" } });
    expect(event!.at.getTime()).toBeGreaterThanOrEqual(before);
  });
});

describe("pending config", () => {
  it("is saved, replaced and discarded without touching the stored config", () => {
    const stored = loadConfig();
    expect(loadPending()).toBeUndefined();
    savePending(config(false, "wan1"));
    expect(loadPending()?.config).toEqual(config(false, "wan1"));
    savePending(config(true, "wan2"));
    expect(loadPending()?.config).toEqual(config(true, "wan2"));
    expect(loadConfig()).toEqual(stored);
    discardPending();
    expect(loadPending()).toBeUndefined();
    expect(loadConfig()).toEqual(stored);
  });

  it("commitPending makes it the stored, applied config and removes it", () => {
    savePending(config(false, "wan1"));
    commitPending("iptables");
    expect(loadConfig()).toEqual(config(false, "wan1"));
    expect(loadApplied()!.backend).toBe("iptables");
    expect(loadPending()).toBeUndefined();
  });

  it("commitPending without a pending config throws and changes nothing", () => {
    const stored = loadConfig();
    expect(() => commitPending("nftables")).toThrow("no pending config to commit");
    expect(loadConfig()).toEqual(stored);
    expect(loadApplied()!.backend).toBe("iptables");
  });

  it("commitPending is one transaction: a write failing half-way keeps the stored and the pending config", () => {
    const stored = loadConfig();
    savePending(config(true, "wan2"));
    // The network and switch rows are written before the applied state, which then fails.
    sqlite().exec(`CREATE TEMP TRIGGER refuse_applied BEFORE UPDATE ON "AppliedState" BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    try {
      expect(() => commitPending("nftables")).toThrow("disk full");
    } finally {
      sqlite().exec(`DROP TRIGGER refuse_applied`);
    }
    expect(loadConfig()).toEqual(stored);
    expect(loadApplied()!.backend).toBe("iptables");
    expect(loadPending()?.config).toEqual(config(true, "wan2"));
  });

  it("carries a scope in its own column, and what its names resolved to from the pending to the applied state", async () => {
    discardPending();
    const scoped = config(true);
    scoped.passthrough.pptp.scope = { lan: ["laptop", "192.168.1.23"], servers: [] };
    const names = { devices: { laptop: ["192.168.50.10", "2001:db8:50::10"] }, hosts: {} };
    savePending(scoped, names);
    expect(loadPending()).toEqual({ config: scoped, names });
    commitPending("nftables");
    expect(loadConfig()).toEqual(scoped);
    expect(loadApplied()!.names).toEqual(names);
    const pptp = await db().passthrough.findUniqueOrThrow({ where: { protocol: "pptp" } });
    expect(pptp).toMatchObject({ options: "{}", scope: '{"lan":["laptop","192.168.1.23"],"servers":[]}' });
    expect((await db().passthrough.findUniqueOrThrow({ where: { protocol: "ipsec" } })).scope).toBeNull();
  });
});
