// Issue 9's journey in the panel: a router whose own nftables.conf drops forwarded traffic (the lab's "nftables"
// host firewall). In report mode the IPsec card says the host firewall blocks it, and real IKE is blocked; in
// open mode the card says Active and where Lintas opened the path, and IKE, NAT-T and ESP pass; Diagnose shows
// the path through the host's table. Its own lab, panel and browser, so the main journey's lab stays plain.
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { CHECKS, probe } from "../../lab/probes";
import type { Lab } from "../../lab/topology";
import { createAdmin, useOwnLab } from "./own-lab";

const screenshots = path.join(import.meta.dirname, "..", "..", "docs", "screenshots");

const own = useOwnLab("hf", "nftables");
let lab: Lab;
let page: Page;
test.beforeAll(() => void ({ lab, page } = own));

async function ipsecTraffic(): Promise<Record<string, boolean>> {
  const rows = await probe(lab, CHECKS.filter((c) => ["ike", "natT", "esp"].includes(c.id)));
  return Object.fromEntries(rows.map((r) => [r.check.id, r.passed]));
}

async function setHostFirewallMode(mode: "Open" | "Report") {
  await page.goto("/status");
  const form = page.getByTestId("host-firewall-form");
  await form.getByRole("radio", { name: new RegExp(`^${mode}:`) }).check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("Saved and applied.")).toBeVisible();
}

test("first-run setup, then the host firewall in report mode", async () => {
  await createAdmin(own);
  await setHostFirewallMode("Report");
});

test("report mode: IPsec on, the card says Blocked, naming the host's table and chain, and IKE is blocked", async () => {
  await page.goto("/vpn");
  await page.getByRole("switch", { name: "IPsec passthrough" }).click();
  await page.getByRole("button", { name: "Save & apply" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Applied " })).toBeVisible();
  await expect(page.getByTestId("state-ipsec")).toHaveText("Blocked");
  await expect(page.getByTestId("reason-ipsec")).toHaveText("UDP 500 LAN → WAN (IPv4) is dropped by table inet filter, chain forward (policy drop)");
  expect(await ipsecTraffic()).toEqual({ ike: false, natT: false, esp: false });
  await page.getByTestId("protocol-ipsec").screenshot({ path: path.join(screenshots, "vpn-host-blocked.png") });
});

test("open mode: the card says Active and where Lintas opened the path, and IKE, NAT-T and ESP pass", async () => {
  await setHostFirewallMode("Open");
  await page.goto("/vpn");
  await expect(page.getByTestId("state-ipsec")).toHaveText("Active");
  await expect(page.getByTestId("note-ipsec")).toContainText("opened in table inet filter");
  expect(await ipsecTraffic()).toEqual({ ike: true, natT: true, esp: true });
});

test("Diagnose IPsec: IKE passes the host table through Lintas's opening, leaves on the WAN, its reply reaches the LAN", async () => {
  const dialog = page.getByTestId("trace-dialog");
  const results = dialog.getByTestId("trace-result");
  await page.getByTestId("diagnose-ipsec").click();
  await expect(dialog.getByTestId("trace-status")).toContainText("Tracing for");
  expect((await ipsecTraffic()).ike).toBe(true);
  await expect(results.filter({ hasText: "left on the WAN (wan0)" }).first()).toBeVisible();
  await expect(results.filter({ hasText: "reached the LAN (br-lan)" }).first()).toBeVisible();
  await expect(dialog.getByTestId("trace-row").filter({ hasText: "inet filter · forward" }).first()).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toHaveCount(0);
});
