// A browser test file's own lab, panel and Chromium (in that lab's LAN, not the main journey's), so the main
// journey's lab stays plain; and the first-run setup every fresh panel starts with.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, expect, type Browser, type Page } from "@playwright/test";
import type { HostFirewallName } from "../../lab/host-firewall/profiles";
import { bringUp, labDown } from "../../lab/lab";
import { labNamed, type Lab } from "../../lab/topology";
import config from "../../playwright.config";
import { startPanel, type Panel } from "./panel-server";

export const PASSWORD = "router-admin-passphrase";

export type OwnLab = { lab: Lab; panel: Panel; browser: Browser; page: Page };

export async function startOwnLab(tag: string, hostFirewall?: HostFirewallName): Promise<OwnLab> {
  const lab = labNamed(`lintas-lab-pw${tag}${randomBytes(2).toString("hex")}`, mkdtempSync(path.join(tmpdir(), `lintas-e2e-${tag}-`)));
  bringUp(lab, () => {}, hostFirewall);
  const panel = await startPanel(lab);
  const browser = await chromium.launch({ ...config.use!.launchOptions, env: { ...process.env, LINTAS_E2E_LAN_NS: lab.lanHosts[0] } });
  const page = await browser.newPage({ baseURL: config.use!.baseURL, viewport: { width: 1280, height: 900 } });
  return { lab, panel, browser, page };
}

export async function stopOwnLab(own: OwnLab | undefined): Promise<void> {
  await own?.browser.close();
  own?.panel.stop();
  if (own) {
    labDown(own.lab);
    rmSync(own.lab.dataDir, { recursive: true, force: true });
  }
}

/** The first-run setup with the code the panel printed: the admin is created and lands on the VPN page. */
export async function createAdmin({ page, panel }: OwnLab): Promise<void> {
  await page.goto("/setup");
  await page.getByLabel("Setup code").fill(panel.setupCode);
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page).toHaveURL(/\/vpn$/);
}
