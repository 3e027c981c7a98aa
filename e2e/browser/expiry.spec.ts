// Switches that turn themselves off, in the panel: a card turned on "for 8 hours" says so in the preview and the
// result, then shows its time left, which survives a reload; a short deadline counts down live, with no reload.
// Its own lab, panel and browser.
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { routerLintas } from "../../lab/lab";
import type { Lab } from "../../lab/topology";
import { createAdmin, useOwnLab } from "./own-lab";

const own = useOwnLab("exp");
let lab: Lab;
let page: Page;
test.beforeAll(async () => {
  ({ lab, page } = own);
  await createAdmin(own);
});

const screenshots = path.join(import.meta.dirname, "..", "..", "docs", "screenshots");
const stored = () => JSON.parse(routerLintas(lab, ["status", "--json"]).stdout).passthrough;

test("PPTP on for 8 hours: the preview and the result say until when, the card the time left, still there after a reload", async () => {
  const card = page.getByTestId("protocol-pptp");
  await expect(page.getByTestId("expiry-pptp")).toHaveCount(0); // off: nothing to limit
  await page.getByRole("switch", { name: "PPTP passthrough", exact: true }).click();
  await page.getByTestId("expiry-pptp").selectOption({ label: "for 8 hours" });
  await expect(page.getByTestId("pending-count")).toHaveText("1 unsaved change");
  // A reload (the browser asks first) brings the drafted limit back with the draft.
  page.once("dialog", (dialog) => void dialog.accept());
  await page.reload();
  await expect(page.getByTestId("expiry-pptp")).toHaveValue("28800");
  await expect(page.getByTestId("pending-count")).toHaveText("1 unsaved change");

  await page.getByRole("button", { name: "Preview rules" }).click();
  await expect(page.getByTestId("preview-changes")).toContainText("PPTP: blocked → allowed");
  await expect(page.getByTestId("preview-changes")).toContainText(/PPTP: on until (\w+ )?\d\d:\d\d/);

  await page.getByRole("button", { name: "Save & apply" }).click();
  await expect(page.getByTestId("apply-result")).toHaveText(/PPTP allowed; PPTP on until (\w+ )?\d\d:\d\d/);
  await expect(card.getByTestId("time-left")).toHaveText(/^Turns off in 7 h 59 min, at (\w+ )?\d\d:\d\d$/);
  expect(stored().pptp).toMatchObject({ enabled: true, expiry: { seconds: 28_800 } });

  await page.reload();
  await expect(card.getByTestId("time-left")).toHaveText(/^Turns off in 7 h 59 min, at (\w+ )?\d\d:\d\d$/);
  await expect(page.getByTestId("expiry-pptp")).toHaveValue("keep");
  await card.screenshot({ path: path.join(screenshots, "vpn-expiry.png") });
});

test("until I turn it off clears the deadline", async () => {
  await page.getByTestId("expiry-pptp").selectOption({ label: "until I turn it off" });
  await expect(page.getByTestId("pending-pptp")).toHaveText("→ will change");
  await page.getByRole("button", { name: "Save & apply" }).click();
  await expect(page.getByTestId("apply-result")).toContainText("PPTP on until turned off");
  await expect(page.getByTestId("protocol-pptp").getByTestId("time-left")).toHaveCount(0);
  expect(stored().pptp.expiry).toBeUndefined();
});

test("the time left counts down in the page, with no reload", async () => {
  expect(routerLintas(lab, ["passthrough", "set", "l2tp=on", "--for", "90s"]).code).toBe(0);
  await page.reload();
  const left = page.getByTestId("protocol-l2tp").getByTestId("time-left");
  await expect(left).toHaveText(/^Turns off in 1 min \d+ s, at /);
  const first = await left.textContent();
  await expect.poll(() => left.textContent(), { timeout: 3000 }).not.toBe(first);
});

test("the status page says when it turns off", async () => {
  await page.goto("/status");
  await expect(page.getByTestId("expiry-notes")).toContainText(/L2TP turns off in 1 min/);
});

test("a switch open longer than the reminder is flagged on the status page and by lintas status; the admin page sets the days", async () => {
  // PPTP has been on since the first test: as if that were 41 days ago.
  const db = new Database(path.join(lab.dataDir, "lintas.db"));
  db.prepare(`UPDATE "Passthrough" SET "onSince" = ? WHERE "protocol" = 'pptp'`).run(new Date(Date.now() - 41 * 86_400_000).toISOString());
  db.close();
  await page.goto("/status");
  await expect(page.getByTestId("expiry-notes")).toContainText("PPTP has been open for 41 days: still needed?");
  expect(routerLintas(lab, ["status"]).stdout).toContain("PPTP has been open for 41 days: still needed?");

  await page.goto("/admin");
  const form = page.getByTestId("reminder-form");
  await form.getByLabel("Days").fill("45");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.goto("/status");
  await expect(page.getByTestId("expiry-notes")).not.toContainText("PPTP has been open");
  expect(routerLintas(lab, ["passthrough", "reminder"]).stdout).toContain("more than 45 days");
});
