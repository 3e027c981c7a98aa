import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { withApplyLock } from "./apply-lock";

const dir = mkdtempSync(path.join(tmpdir(), "lintas-lock-"));
process.env.LINTAS_DATA_DIR = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lockFile = path.join(dir, "apply.lock");

describe("apply lock", () => {
  it("runs applies one after another, never interleaved, and holds our pid while running", async () => {
    const log: string[] = [];
    const work = (name: string) => async () => {
      log.push(`${name} start`);
      expect(readFileSync(lockFile, "utf8")).toBe(String(process.pid));
      await new Promise((r) => setTimeout(r, 20));
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([withApplyLock(work("a")), withApplyLock(work("b")), withApplyLock(work("c"))]);
    expect(results).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
    expect(existsSync(lockFile)).toBe(false);
  });

  it("answers before its follow-up work is done, and the next apply waits for that follow-up", async () => {
    const log: string[] = [];
    let finishFollowUp!: () => void;
    const followUp = new Promise<void>((resolve) => (finishFollowUp = resolve)).then(() => log.push("a follow-up done"));
    const first = await withApplyLock(async () => "a", () => followUp);
    expect(first).toBe("a");
    expect(existsSync(lockFile)).toBe(true); // still held: the follow-up runs
    const second = withApplyLock(async () => log.push("b start"));
    await new Promise((r) => setTimeout(r, 30));
    expect(log).toEqual([]);
    finishFollowUp();
    await second;
    expect(log).toEqual(["a follow-up done", "b start"]);
    expect(existsSync(lockFile)).toBe(false);
  });

  it("releases the lock when the work fails", async () => {
    await expect(withApplyLock(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(existsSync(lockFile)).toBe(false);
    expect(await withApplyLock(async () => "next")).toBe("next");
  });

  it("takes over a lock left by a process that died", async () => {
    writeFileSync(lockFile, "999999999");
    expect(await withApplyLock(async () => "taken over")).toBe("taken over");
  });
});
