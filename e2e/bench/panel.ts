// The panel as the browser tests run it (e2e/browser/global-setup.ts): a private lab, the production server
// inside its router on 192.168.50.1 (HTTPS, as installed), Debian's chromium inside a LAN host; plus an admin
// signed in, and timing agents in the LAN host (HTTPS, as a client sees it, trusting the panel's self-signed
// certificate) and in the router (bare nft, as the server runs it).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import playwrightConfig from "../../playwright.config";
import globalSetup from "../browser/global-setup";
import { labNamed, type Lab } from "../../lab/topology";
import { startAgent, type Agent } from "./agent";
import { onCleanup } from "./cleanup";
import { LINTAS } from "./cli-namespace";

export const PANEL_URL = "https://192.168.50.1";
/** Every browser context on the panel: its self-signed certificate is accepted, as an admin accepts it. */
export const PANEL_CONTEXT = { baseURL: PANEL_URL, ignoreHTTPSErrors: true };
const ADMIN = { username: "admin", password: "bench-admin-passphrase" };

export type Panel = {
  lab: Lab;
  browser: Browser;
  /** Signed in as the admin, on /vpn. */
  page: Page;
  /** The session cookie header, for requests the agent sends. */
  cookie: string;
  lan: Agent;
  router: Agent;
};

export async function startPanel(): Promise<Panel> {
  const teardown = await globalSetup();
  onCleanup("lab and panel server", teardown);
  const lab = labNamed(process.env.LINTAS_E2E_LAB_PREFIX, process.env.LINTAS_E2E_DATA_DIR);
  const admin = spawnSync("ip", ["netns", "exec", lab.router, LINTAS, "admin", "set-password", ADMIN.username], {
    input: ADMIN.password,
    encoding: "utf8",
    env: { ...process.env, LINTAS_DATA_DIR: lab.dataDir },
  });
  if (admin.status !== 0) throw new Error(`creating the admin failed: ${admin.stderr}`);

  const browser = await chromium.launch(playwrightConfig.use?.launchOptions);
  onCleanup("chromium", () => browser.close());
  const context = await browser.newContext({ ...PANEL_CONTEXT, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/vpn$/);
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

  const lan = startAgent(lab.lanHosts[0], { NODE_EXTRA_CA_CERTS: path.join(lab.dataDir, "tls", "cert.pem") });
  onCleanup("timing agent in the LAN host", () => lan.stop());
  const router = startAgent(lab.router);
  onCleanup("timing agent in the router", () => router.stop());
  return { lab, browser, page, cookie, lan, router };
}
