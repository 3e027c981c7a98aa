// The panel in Debian's chromium inside a LAN host: click on Save & apply -> "Applied …" shown with the new
// badge, timed inside the page (no Playwright polling in the figure); and the JavaScript /vpn loads first.
import { gzipSync } from "node:zlib";
import { PANEL_CONTEXT, type Panel } from "./panel";
import { limitRow, valueRow, type Row } from "./report";
import { serverTools } from "./server-rows";
import { interleave } from "./stats";

/** In the page: press Save & apply, resolve with the ms until the result says Applied and the badge shows `state`. */
function timedSave(state: string): Promise<number> {
  const save = [...document.querySelectorAll("button")].find((b) => b.getAttribute("aria-label") === "Save & apply");
  if (!save) return Promise.reject(new Error("no Save & apply button (nothing pending?)"));
  const done = () =>
    document.querySelector('[data-testid="state-pptp"]')?.getAttribute("data-state") === state &&
    [...document.querySelectorAll('[role="status"]')].some((e) => e.textContent?.startsWith("Applied "));
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const observer = new MutationObserver(() => {
      if (!done()) return;
      observer.disconnect();
      resolve(performance.now() - start);
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    setTimeout(() => {
      observer.disconnect();
      reject(new Error(`no "Applied …" with the ${state} badge within 10 s`));
    }, 10_000);
    save.click();
  });
}

export async function browserApplyRows(panel: Panel, toggles: number): Promise<Row[]> {
  const { anchors } = await serverTools(panel);
  const { page } = panel;
  // tsx compiles timedSave with esbuild's keepNames, which calls a __name helper the page does not have.
  await page.addInitScript({ content: "globalThis.__name = (f) => f;" });
  await page.goto("/vpn"); // also: earlier rows changed the switches behind this page's back
  const pptp = page.getByRole("switch", { name: "PPTP passthrough" });
  const samples = await interleave(toggles, {
    click: async () => {
      const on = (await pptp.getAttribute("aria-checked")) !== "true";
      await pptp.click();
      await page.getByTestId("pending-count").waitFor();
      return page.evaluate(timedSave, on ? "active" : "blocked");
    },
    nft: (round) => panel.router.run(["nft", "-j", "-f", anchors.batch(round % 2 === 0)]),
  });
  return [limitRow('Save & apply in the browser, click -> "Applied …" + badge', samples.click, 120, "bare `nft -j -f`, identical batch, same loop", samples.nft)];
}

/** A fresh context (empty cache) signed in as the admin opens /vpn; every script it loads, gzipped as served. */
export async function firstLoadJsRows(panel: Panel): Promise<Row[]> {
  const context = await panel.browser.newContext({ ...PANEL_CONTEXT, storageState: await panel.page.context().storageState() });
  try {
    const page = await context.newPage();
    const scripts: Promise<number>[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.push(response.body().then((body) => gzipSync(body).length));
    });
    await page.goto("/vpn", { waitUntil: "networkidle" });
    const bytes = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
    return [valueRow("`/vpn` first-load JS", `${(bytes / 1024).toFixed(0)} KB gzip (${scripts.length} files)`, bytes)];
  } finally {
    await context.close();
  }
}
