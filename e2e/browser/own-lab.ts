// A journey with a lab of its own (not the main journey's, which global-setup brings up): the lab, the panel
// inside its router, and Chromium inside its LAN; `close` takes all three down.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { bringUp, labDown } from "../../lab/lab";
import type { HostFirewallName } from "../../lab/host-firewall/profiles";
import { labNamed, type Lab } from "../../lab/topology";
import config from "../../playwright.config";
import { startPanel, type Panel } from "./panel-server";

export type OwnLab = { lab: Lab; panel: Panel; browser: Browser; close(): Promise<void> };

/** `tag` tells its namespaces apart in `ip netns` (lintas-lab-pw<tag><random>). */
export async function ownLab(tag: string, hostFirewall?: HostFirewallName): Promise<OwnLab> {
  const lab = labNamed(`lintas-lab-pw${tag}${randomBytes(2).toString("hex")}`, mkdtempSync(path.join(tmpdir(), `lintas-e2e-${tag}-`)));
  let panel: Panel | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    panel?.stop();
    labDown(lab);
    rmSync(lab.dataDir, { recursive: true, force: true });
  };
  try {
    bringUp(lab, () => {}, hostFirewall);
    panel = await startPanel(lab);
    browser = await chromium.launch({ ...config.use!.launchOptions, env: { ...process.env, LINTAS_E2E_LAN_NS: lab.lanHosts[0] } });
    return { lab, panel, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** What every page of these journeys is opened with (as playwright.config.ts's `use`). */
export const PAGE_OPTIONS = { baseURL: config.use!.baseURL, ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } };
