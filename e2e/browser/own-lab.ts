// A browser journey with a lab, panel and Chromium of its own (not the main journey's): each file that needs a
// router in a particular state brings one up, signs up the admin, and tears it all down.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, expect, test, type Browser, type Page } from "@playwright/test";
import { bringUp, labDown } from "../../lab/lab";
import type { HostFirewallName } from "../../lab/host-firewall/profile";
import { labNamed, type Lab } from "../../lab/topology";
import config from "../../playwright.config";
import { startPanel, type Panel } from "./panel-server";

export const PASSWORD = "router-admin-passphrase";

export type OwnLab = { lab: Lab; panel: Panel; browser: Browser; page: Page };

/** What every page of these journeys is opened with (as playwright.config.ts's `use`). */
export const PAGE_OPTIONS = { baseURL: config.use!.baseURL, ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } };

/** `tag` names its namespaces (lintas-lab-pw<tag><random>). */
export async function ownLab(tag: string, hostFirewall?: HostFirewallName): Promise<OwnLab> {
  const lab = labNamed(`lintas-lab-pw${tag}${randomBytes(2).toString("hex")}`, mkdtempSync(path.join(tmpdir(), `lintas-e2e-${tag}-`)));
  bringUp(lab, () => {}, hostFirewall);
  const panel = await startPanel(lab);
  // Chromium in this lab's LAN, not the main journey's.
  const browser = await chromium.launch({ ...config.use!.launchOptions, env: { ...process.env, LINTAS_E2E_LAN_NS: lab.lanHosts[0] } });
  const page = await browser.newPage(PAGE_OPTIONS);
  return { lab, panel, browser, page };
}

/**
 * A serial file with a lab of its own: brought up before the file's tests, torn down after them. The object is
 * filled in by the time the file's own hooks (registered after this call, so run after it) and tests run.
 */
export function useOwnLab(tag: string, hostFirewall?: HostFirewallName): OwnLab {
  const own = {} as OwnLab;
  test.describe.configure({ mode: "serial" });
  test.beforeAll(async () => void Object.assign(own, await ownLab(tag, hostFirewall)));
  test.afterAll(() => closeOwnLab(own));
  return own;
}

export async function closeOwnLab(own: Partial<OwnLab>): Promise<void> {
  await own.browser?.close();
  own.panel?.stop();
  if (own.lab) {
    labDown(own.lab);
    rmSync(own.lab.dataDir, { recursive: true, force: true });
  }
}

/** First-run setup with the code the panel printed: the admin lands on the VPN page. */
export async function createAdmin({ page, panel }: OwnLab): Promise<void> {
  await page.goto("/setup");
  await page.getByLabel("Setup code").fill(panel.setupCode);
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page).toHaveURL(/\/vpn$/);
}
