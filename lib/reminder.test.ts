import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-reminder-"));
process.env.LINTAS_DATA_DIR = dataDir;
process.env.LINTAS_ROOT = path.join(import.meta.dirname, "..");
const { loadReminderDays, saveReminderDays } = await import("./reminder");
const { recentAudit } = await import("./audit-history");
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const actor = { name: "admin" };

describe("the open-too-long reminder", () => {
  it("is 30 days until set; a whole number of days from 1 to 3650 is stored and audited", async () => {
    expect(loadReminderDays()).toBe(30);
    expect(saveReminderDays("45", actor)).toBe(45);
    expect(loadReminderDays()).toBe(45);
    const [entry] = await recentAudit(1);
    expect(entry).toMatchObject({ action: "settings.reminder", actor: "admin", ok: true });
  });

  it("refuses anything else, naming the value, and keeps what was stored", () => {
    for (const value of ["0", "3651", "1.5", "-2", "abc", ""]) {
      expect(() => saveReminderDays(value, actor), value).toThrow(`the reminder takes a whole number of days from 1 to 3650, got "${value}"`);
    }
    expect(loadReminderDays()).toBe(45);
  });
});
