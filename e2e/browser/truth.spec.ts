// Issue 11's first problem in the panel: one stray `udp dport 500 drop` added by hand to table inet lintas. The
// IPsec card reads "Partly enforced" and names the rule, the page says the firewall differs and offers Re-apply,
// Test with real IKE says where it died, and real IKE is blocked; Re-apply puts it right. Its own lab, panel and
// browser, so the main journey's lab stays plain.
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { CHECKS, probe } from "../../lab/probes";
import type { Lab } from "../../lab/topology";
import { createAdmin, useOwnLab } from "./own-lab";

const screenshots = path.join(import.meta.dirname, "..", "..", "docs", "screenshots");

const own = useOwnLab("tr");
let lab: Lab;
let page: Page;
test.beforeAll(() => void ({ lab, page } = own));
test.afterAll(() => {
  if (lab) releaseApplyLock();
});

const inRouter = (...argv: string[]) => execFileSync("ip", ["netns", "exec", lab.router, ...argv], { encoding: "utf8" });
const applyLock = () => path.join(lab.dataDir, "apply.lock");

/**
 * The panel's watcher would put the table back within a second. Holding the apply lock (as a long apply by another
 * process does) keeps the stray rule in place while the page is looked at.
 */
function holdApplyLock() {
  writeFileSync(applyLock(), String(process.pid));
}
function releaseApplyLock() {
  rmSync(applyLock(), { force: true });
}

async function ipsecTraffic(): Promise<Record<string, boolean>> {
  const rows = await probe(lab, CHECKS.filter((c) => ["ike", "natT"].includes(c.id)));
  return Object.fromEntries(rows.map((r) => [r.check.id, r.passed]));
}

test("first-run setup, then IPsec on: Active, and IKE passes", async () => {
  await createAdmin(own);
  await page.getByRole("switch", { name: "IPsec passthrough" }).click();
  await page.getByRole("button", { name: "Save & apply" }).click();
  await expect(page.getByTestId("state-ipsec")).toHaveText("Active");
  await expect(page.getByTestId("drift-banner")).toHaveCount(0);
  expect(await ipsecTraffic()).toEqual({ ike: true, natT: true });
});

test("a stray `udp dport 500 drop` in table inet lintas: IPsec reads Partly enforced, naming the rule; the page offers Re-apply", async () => {
  holdApplyLock();
  inRouter("nft", "add", "rule", "inet", "lintas", "forward", "udp", "dport", "500", "drop");
  await page.reload();
  await expect(page.getByTestId("state-ipsec")).toHaveText("Partly enforced");
  await expect(page.getByTestId("reason-ipsec")).toHaveText("UDP 500 WAN → LAN (IPv4) is dropped by table inet lintas, chain forward, rule: udp dport 500 drop");
  await expect(page.getByTestId("state-l2tp")).toHaveText("Blocked");
  const banner = page.getByTestId("drift-banner");
  await expect(banner).toContainText("0 rules missing, 1 unexpected");
  await expect(banner.getByRole("button", { name: "Re-apply saved settings" })).toBeVisible();
  expect(await ipsecTraffic()).toEqual({ ike: false, natT: true });
  await page.getByTestId("protocol-ipsec").screenshot({ path: path.join(screenshots, "vpn-partly.png") });
});

test("Test IPsec with real IKE: it says IPsec does not get through, and where the reply died", async () => {
  const result = page.getByTestId("test-result-ipsec");
  await page.getByTestId("test-ipsec").click();
  await expect(result).toContainText("Testing IPsec for");
  expect((await ipsecTraffic()).ike).toBe(false);
  await expect(result).toContainText("IPsec does not get through:", { timeout: 20_000 });
  await expect(result).toContainText("dropped by table inet lintas chain forward, rule: udp dport 500 drop");
});

test("Re-apply from the banner: the stray rule is gone, IPsec is Active again and IKE passes", async () => {
  releaseApplyLock();
  await page.getByTestId("drift-banner").getByRole("button", { name: "Re-apply saved settings" }).click();
  await expect(page.getByTestId("drift-banner")).toHaveCount(0);
  await expect(page.getByTestId("state-ipsec")).toHaveText("Active");
  await expect(page.getByTestId("reason-ipsec")).toHaveCount(0);
  expect(inRouter("nft", "list", "chain", "inet", "lintas", "forward")).not.toMatch(/^\s*udp dport 500 drop$/m);
  expect(await ipsecTraffic()).toEqual({ ike: true, natT: true });
  // Test now: out to the server and back.
  await page.getByTestId("test-ipsec").click();
  await expect(page.getByTestId("test-result-ipsec")).toContainText("Testing IPsec for");
  expect((await ipsecTraffic()).ike).toBe(true);
  await expect(page.getByTestId("test-result-ipsec")).toContainText("IPsec gets through this router:", { timeout: 20_000 });
});
