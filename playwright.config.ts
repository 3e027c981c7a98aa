import path from "node:path";
import { defineConfig } from "@playwright/test";

// Debian's chromium (Playwright's own download is unreachable here), run inside a lab LAN namespace.
const chromiumInLan = path.join(import.meta.dirname, "e2e", "browser", "chromium-in-lan.sh");

export default defineConfig({
  testDir: "e2e/browser",
  outputDir: "test-results",
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  globalSetup: "./e2e/browser/global-setup.ts",
  use: {
    baseURL: "https://192.168.50.1",
    // The panel's self-signed certificate (e2e/browser/panel-server.ts): accepted as an admin accepts it.
    ignoreHTTPSErrors: true,
    browserName: "chromium",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumInLan,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
});
