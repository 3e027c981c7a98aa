// The traffic chart with real lab traffic and a seeded week: IKE sent through the lab router is counted by the
// kernel, stored by the panel's own sampler (lintas serve) and drawn in the last hour; the day and the week draw
// seeded rows; the figures are in a table too; axe finds nothing in either theme, nor English in Indonesian.
// Its own lab, panel and browser. Selectors stay on the traffic section (the Monitor page is another branch's).
import Database from "better-sqlite3";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { CHECKS, probe } from "../../lab/probes";
import { routerLintas } from "../../lab/lab";
import { axeViolations, englishOnPage } from "./a11y";
import { createAdmin, PAGE_OPTIONS, useOwnLab } from "./own-lab";

const own = useOwnLab("t");
let page: Page;
let db: Database.Database;

test.beforeAll(async () => {
  // axe asks for a page of a context of one's own; a time zone not the server's (UTC): times are the reader's.
  page = await (await own.browser.newContext({ ...PAGE_OPTIONS, timezoneId: "Asia/Jakarta" })).newPage();
  await createAdmin({ ...own, page });
  db = new Database(path.join(own.lab.dataDir, "lintas.db"));
});
test.afterAll(async () => {
  db?.close();
});

/** A week of PPTP and L2TP traffic in the rows the sampler's rollup leaves: 1 min rows for a day, 10 min rows before. */
function seedWeek(now: number) {
  const insert = db.prepare(`INSERT OR REPLACE INTO "TrafficSample" VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const wave = (at: number, scale: number) => Math.round(scale * (1.2 + Math.sin(at / 3_600_000)));
  db.transaction(() => {
    for (let at = now - 7 * 86_400_000; at < now - 86_400_000; at += 600_000) {
      const start = at - (at % 600_000);
      insert.run(600, "pptp", start, wave(start, 4_000_000), 3000, wave(start, 9_000_000), 7000);
      insert.run(600, "l2tp", start, wave(start + 7_200_000, 1_000_000), 900, wave(start, 2_000_000), 1800);
    }
    for (let at = now - 86_400_000; at < now - 3_600_000; at += 60_000) {
      const start = at - (at % 60_000);
      insert.run(60, "pptp", start, wave(start, 400_000), 300, wave(start, 900_000), 700);
    }
  })();
}

const ipsec = () => db.prepare(`SELECT count(*) AS "rows", coalesce(sum("bytesOut"), 0) AS "sent" FROM "TrafficSample" WHERE "protocol" = 'ipsec'`).get() as { rows: number; sent: number };

test("real IKE traffic is sampled by the panel and drawn in the last hour; the day and the week draw the seeded rows; axe clean", async () => {
  test.setTimeout(120_000);
  const { lab } = own;
  expect(routerLintas(lab, ["passthrough", "set", "ipsec=on"]).code).toBe(0);
  seedWeek(Date.now());
  // The panel's sampler reads every 10 s, and its first reading is only its baseline: traffic once it has stored
  // a sample of IPsec (all zero so far), so the traffic falls between two of its readings.
  await expect.poll(() => ipsec().rows, { timeout: 30_000 }).toBeGreaterThan(0);
  expect((await probe(lab, CHECKS.filter((c) => c.id === "ike"))).every((row) => row.passed)).toBe(true);
  await expect.poll(() => ipsec().sent, { timeout: 15_000 }).toBeGreaterThan(0);

  await page.goto("/monitor");
  const section = page.getByTestId("traffic");
  const chart = section.getByTestId("traffic-chart");
  await expect(section.getByRole("heading", { name: "VPN traffic" })).toBeVisible();
  await expect(chart).toHaveAttribute("data-range", "hour");
  await expect(chart).toHaveAttribute("data-points", "360");
  // One area per protocol, named in the legend, and the IPsec one not flat.
  await expect(chart.locator(".recharts-area")).toHaveCount(3);
  for (const name of ["PPTP", "IPsec", "L2TP"]) await expect(chart.locator(".recharts-legend-item-text", { hasText: name })).toBeVisible();
  await section.getByText("Show the figures as a table").click();
  await expect(section.getByTestId("traffic-row-ipsec").locator("td").first()).not.toHaveText(/^0 B/);
  await expect(section.getByTestId("traffic-row-l2tp").locator("td").last()).toHaveText("none");
  const found = (await axeViolations(page)).map((v) => `hour ${v}`);

  for (const [range, points] of [["day", "1440"], ["week", "1008"]] as const) {
    await section.getByTestId(`traffic-range-${range}`).click();
    await expect(section.getByTestId(`traffic-range-${range}`)).toHaveAttribute("aria-pressed", "true");
    await expect(chart).toHaveAttribute("data-range", range);
    await expect(chart).toHaveAttribute("data-points", points);
    await expect(chart.locator(".recharts-area-curve").first()).toHaveAttribute("d", /C|L/);
    await expect(section.getByTestId("traffic-row-pptp").locator("td").first()).toHaveText(/ (MB|GB) /);
    found.push(...(await axeViolations(page)).map((v) => `${range} ${v}`));
  }
  await page.screenshot({ path: "docs/screenshots/monitor-traffic.png", fullPage: true });
  expect(found).toEqual([]);
});

test("Indonesian: the traffic section has no English word", async () => {
  await page.goto("/admin");
  await page.getByRole("combobox", { name: "Language" }).first().selectOption("id");
  await expect(page.getByRole("heading", { name: "Administrasi" })).toBeVisible();
  await page.goto("/monitor");
  await expect(page.getByTestId("traffic").getByRole("heading", { name: "Lalu lintas VPN" })).toBeVisible();
  await page.getByTestId("traffic").getByText("Tampilkan angkanya sebagai tabel").click();
  await expect(page.getByTestId("traffic-chart").locator(".recharts-area")).toHaveCount(3);
  expect(await englishOnPage(page)).toEqual([]);
});
