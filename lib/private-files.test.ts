// The data dir under umask 000 (the widest a shell can start Lintas with): real applies in a throwaway namespace
// create the database, SQLite's -wal and -shm, the apply lock, the capability cache and the dry-run record, and
// every one of them is 0600 in a 0700 dir. A data dir an older Lintas left readable is narrowed on open.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNetns, type TestNetns } from "../lab/testing/netns";
import type { Runner } from "../netfilter";

const parent = mkdtempSync(path.join(tmpdir(), "lintas-modes-"));
const dataDir = path.join(parent, "data");
process.env.LINTAS_DATA_DIR = dataDir;
process.env.LINTAS_ROOT = path.join(import.meta.dirname, "..");
const { setNetwork, setPassthrough } = await import("./passthrough");
const { sqlite } = await import("./db/sqlite");

const mode = (file: string) => statSync(file).mode & 0o7777;
let ns: TestNetns;
let umaskBefore: number;
beforeAll(() => {
  umaskBefore = process.umask(0o000);
  ns = createNetns("modes", { lan: ["br-lan"], wan: "wan0" });
});
afterAll(() => {
  process.umask(umaskBefore);
  ns?.remove();
  rmSync(parent, { recursive: true, force: true });
});

/** The namespace's runner, noting the apply lock's mode whenever the apply starts a program (lock held). */
function lockWatchingRunner(real: Runner, seen: number[]): Runner {
  return {
    netns: real.netns,
    run(argv) {
      const lock = path.join(dataDir, "apply.lock");
      if (existsSync(lock)) seen.push(mode(lock));
      return real.run(argv);
    },
  };
}

/** Every entry under `dir` with its mode. */
function modes(dir: string): Record<string, number> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: "utf8" }).map((name) => [name, mode(path.join(dir, name))]),
  );
}

describe("files in the data dir under umask 000", () => {
  it("a fresh data dir is 0700 and everything applies create in it 0600, SQLite's -wal and -shm included", async () => {
    expect(existsSync(dataDir)).toBe(false);
    const lockModes: number[] = [];
    const runner = lockWatchingRunner(ns.runner, lockModes);
    await setNetwork({ lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true }, { runner });
    await setPassthrough({ pptp: { enabled: true } }, { runner, backend: "dry-run" });

    expect(mode(dataDir)).toBe(0o700);
    const found = modes(dataDir);
    expect(Object.keys(found)).toEqual(expect.arrayContaining(["lintas.db", "lintas.db-wal", "lintas.db-shm", "capabilities.json", "dry-run-ruleset.json"]));
    expect(Object.entries(found).filter(([, m]) => m !== 0o600)).toEqual([]);
    expect(lockModes.length).toBeGreaterThan(0);
    expect(new Set(lockModes)).toEqual(new Set([0o600]));
  });

  it("a data dir and database an older Lintas left readable are narrowed when the database is opened", () => {
    const legacy = path.join(parent, "legacy");
    mkdirSync(legacy, { mode: 0o755 });
    const file = path.join(legacy, "lintas.db");
    // Held open, as a running older panel would: its -wal and -shm stay, created 0644.
    const older = new Database(file);
    older.pragma("journal_mode = WAL");
    older.exec("CREATE TABLE older (a)");
    chmodSync(file, 0o644);
    for (const suffix of ["-wal", "-shm"]) chmodSync(file + suffix, 0o644);
    try {
      process.env.LINTAS_DATA_DIR = legacy;
      sqlite();
      expect(mode(legacy)).toBe(0o700);
      expect(modes(legacy)).toEqual({ "lintas.db": 0o600, "lintas.db-wal": 0o600, "lintas.db-shm": 0o600 });
    } finally {
      older.close();
      process.env.LINTAS_DATA_DIR = dataDir;
    }
  });

  it("a shared sticky dir given as the data dir is left as it is; the database in it is still 0600", () => {
    const shared = path.join(parent, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    try {
      process.env.LINTAS_DATA_DIR = shared;
      sqlite();
      expect(mode(shared)).toBe(0o1777);
      expect(mode(path.join(shared, "lintas.db"))).toBe(0o600);
    } finally {
      process.env.LINTAS_DATA_DIR = dataDir;
    }
  });
});
