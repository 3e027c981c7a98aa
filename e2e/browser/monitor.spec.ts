// The Monitor page, live: with the page open and never reloaded, the phone (lan2) tries PPTP while it is off and
// the blocked attempt appears; "Allow this device" lets it through, and its PPTP flow appears with its name and
// bytes. Its own lab, panel and browser (Chromium is the laptop, lan1).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { CHECKS, probe } from "../../lab/probes";
import { onRouter } from "../../lab/host-firewall/profiles";
import { LAN_DEVICE_NAMES } from "../../lab/router-files";
import { ADDRESSES, type Lab } from "../../lab/topology";
import { axeViolations } from "./a11y";
import { createAdmin, PAGE_OPTIONS, useOwnLab } from "./own-lab";

const own = useOwnLab("mo");
let lab: Lab;
let page: Page;
test.beforeAll(async () => {
  lab = own.lab;
  // A context of its own: axe checks pages of explicit contexts only.
  page = own.page = await (await own.browser.newContext(PAGE_OPTIONS)).newPage();
  // Conntrack counts bytes in the router; the router knows the phone (its neighbour table, by its DHCP name).
  const sh = (script: string) => {
    const command = onRouter(lab, ["sh", "-c", script]);
    execFileSync("ip", command.args, { env: command.env, stdio: "ignore" });
  };
  sh(`sysctl -qw net.netfilter.nf_conntrack_acct=1 net.netfilter.nf_conntrack_timestamp=1; ping -c1 -W1 ${ADDRESSES.lanHosts[1]}`);
});

const phone = LAN_DEVICE_NAMES[1];
const pptpFromPhone = () => probe(lab, [{ ...CHECKS.find((c) => c.id === "pptp")!, clients: [1] }]);

test("the Monitor page shows a blocked attempt and a new flow without a reload, and 'Allow this device' works", async () => {
  await createAdmin(own);
  await page.getByRole("link", { name: "Monitor" }).click();
  await expect(page.getByRole("heading", { name: "Monitor", level: 1 })).toBeVisible();
  await expect(page.getByText("Nobody tried a blocked VPN.")).toBeVisible();
  // Marks the document: a reload would lose it.
  await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));

  expect((await pptpFromPhone())[0]!.passed).toBe(false);
  const attempt = page.getByTestId("attempt").filter({ hasText: `${phone} tried PPTP to ${ADDRESSES.wanHost}` });
  await expect(attempt).toContainText("while PPTP was off");
  expect(await axeViolations(page)).toEqual([]);

  await attempt.getByRole("button", { name: "Allow this device" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${phone} may now use PPTP to ${ADDRESSES.wanHost}.` })).toBeVisible();
  expect((await pptpFromPhone())[0]!.passed).toBe(true);
  const flows = page.getByTestId("monitor-flows");
  await expect(flows.getByTestId("flow-row").filter({ hasText: "PPTP control" })).toContainText(`${phone} (${ADDRESSES.lanHosts[1]})`);
  await expect(flows).toContainText(/\d+ B · \d+/);
  await expect(page.getByTestId("advice")).toContainText("PPTP is broken");
  expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: path.join(import.meta.dirname, "..", "..", "docs", "screenshots", "monitor.png"), fullPage: true });
});
