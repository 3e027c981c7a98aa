// Issue 11's VPN page as a home admin meets it: "Which VPN do you use?" turns on what L2TP/IPsec needs (and real
// traffic proves it), a pending change is marked on its card and guarded (leaving asks, a reload and a new
// sign-in bring the draft back), turning off a VPN that a LAN device is using names that device and asks before
// cutting it, and the preview reads in plain words first and fits a phone. Its own lab, panel and browser.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { routerLintas } from "../../lab/lab";
import { CHECKS, probe } from "../../lab/probes";
import type { Lab } from "../../lab/topology";
import { createAdmin, PASSWORD, useOwnLab } from "./own-lab";

const screenshots = path.join(import.meta.dirname, "..", "..", "docs", "screenshots");

const own = useOwnLab("ux");
let lab: Lab;
let page: Page;
test.beforeAll(() => void ({ lab, page } = own));

/** Which of the given lab checks pass right now, with real packets from the LAN hosts. */
async function traffic(...ids: string[]): Promise<Record<string, boolean>> {
  const rows = await probe(lab, CHECKS.filter((c) => ids.includes(c.id)));
  return Object.fromEntries(rows.map((r) => [r.check.id, r.passed]));
}

const onOff = (name: string) => page.getByRole("switch", { name, exact: true });

test("first-run setup lands on the VPN page with the VPN helper open", async () => {
  await createAdmin(own);
  await expect(page.getByTestId("vpn-helper")).toHaveAttribute("open", "");
});

test("Which VPN do you use? L2TP/IPsec turns on IPsec, NAT-T and ESP (IPv6 is routed here), not L2TP; real IPsec passes", async () => {
  // A router whose IPsec sub-options were turned off earlier: the helper has to turn them on.
  expect(routerLintas(lab, ["passthrough", "set", "ipsec.natT=off", "ipsec.esp=off"]).code).toBe(0);
  await page.reload();
  await expect(onOff("NAT traversal (UDP 4500)")).toHaveAttribute("aria-checked", "false");

  const helper = page.getByTestId("vpn-helper");
  await helper.getByRole("button", { name: "L2TP/IPsec" }).click();
  await expect(helper.getByRole("button", { name: "L2TP/IPsec" })).toHaveAttribute("aria-pressed", "true");
  const switches = { "PPTP passthrough": "false", "IPsec passthrough": "true", "NAT traversal (UDP 4500)": "true", "ESP (IP protocol 50)": "true", "AH (IP protocol 51)": "false", "L2TP passthrough": "false" };
  for (const [name, checked] of Object.entries(switches)) await expect(onOff(name), name).toHaveAttribute("aria-checked", checked);
  const outcome = page.getByTestId("vpn-helper-outcome");
  await expect(outcome).toContainText("IPsec (turned on): the key exchange (IKE, UDP 500) that sets up the tunnel");
  await expect(outcome).toContainText("NAT traversal (UDP 4500) (turned on): behind this router's address translation (NAT)");
  await expect(outcome).toContainText("ESP (IP protocol 50) (turned on): IPv6 is routed without address translation");
  await expect(outcome).toContainText("the L2TP switch is not needed");
  // Nothing saved yet: three changes wait on the bar, the IPsec card says what saving does.
  await expect(page.getByTestId("pending-count")).toHaveText("3 unsaved changes");
  await expect(page.getByTestId("pending-ipsec")).toHaveText("→ will be allowed");
  expect(await traffic("ike")).toEqual({ ike: false });

  await page.getByRole("button", { name: "Save & apply" }).click();
  await expect(page.getByTestId("apply-result")).toHaveText(/^Applied \d\d:\d\d:\d\d, \d+ ms: IPsec allowed; IPsec NAT-T on; IPsec ESP on$/); // turned on: nothing to cut, nothing said about it
  await expect(page.getByTestId("state-ipsec")).toHaveText("Active");
  expect(await traffic("ike", "natT", "esp", "ah", "l2tp")).toEqual({ ike: true, natT: true, esp: true, ah: false, l2tp: false });
});

test("a pending change is marked on its card, Allows follows the sub-options, and leaving asks first", async () => {
  await onOff("L2TP passthrough").click();
  await expect(page.getByTestId("protocol-l2tp")).toHaveAttribute("data-pending", "allow");
  await expect(page.getByTestId("state-l2tp")).toHaveText("Blocked");
  await expect(page.getByTestId("pending-l2tp")).toHaveText("→ will be allowed");
  await onOff("AH (IP protocol 51)").click();
  await expect(page.getByTestId("pending-ipsec")).toHaveText("→ will change");
  await expect(page.getByTestId("allows-ipsec")).toHaveText("Allows: UDP 500, UDP 4500, ESP, AH");
  await onOff("AH (IP protocol 51)").click();
  await expect(page.getByTestId("allows-ipsec")).toHaveText("Allows: UDP 500, UDP 4500, ESP");
  await expect(page.getByTestId("protocol-ipsec")).not.toHaveAttribute("data-pending");
  await expect(page.getByTestId("allows-pptp")).toHaveText("Allows (when on): TCP 1723, GRE");

  // A link to another page of the panel: asked, refused, nothing lost.
  const asked: string[] = [];
  page.once("dialog", (dialog) => {
    asked.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.getByRole("link", { name: "Status" }).click();
  expect(asked).toEqual(["confirm: You have unsaved changes. Leave this page without saving them?"]);
  await expect(page).toHaveURL(/\/vpn$/);
  await expect(page.getByTestId("pending-count")).toHaveText("1 unsaved change");

  // A reload: the browser's own prompt, then the draft comes back from this tab.
  page.once("dialog", (dialog) => {
    asked.push(dialog.type());
    void dialog.accept();
  });
  await page.reload();
  expect(asked).toContain("beforeunload");
  await expect(page.getByTestId("apply-result")).toHaveText(/^Your unsaved changes from before were restored\./);
  await expect(page.getByTestId("pending-l2tp")).toHaveText("→ will be allowed");
});

test("a session that ended: Save says nothing changed and offers to sign in again; the draft is back after signing in", async () => {
  await page.context().clearCookies({ name: "lintas_session" });
  await page.getByRole("button", { name: "Save & apply" }).click();
  const result = page.getByTestId("apply-result");
  await expect(result).toContainText("Nothing was changed: Sign in first.");
  await result.getByRole("link", { name: "Sign in again" }).click(); // no "leave?" question: the draft goes along
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/vpn$/);
  await expect(page.getByTestId("pending-l2tp")).toHaveText("→ will be allowed");
  await expect(page.getByTestId("pending-count")).toHaveText("1 unsaved change");
  await page.getByRole("button", { name: "Save & apply" }).click();
  await expect(page.getByTestId("apply-result")).toHaveText(/^Applied \d\d:\d\d:\d\d, \d+ ms: L2TP allowed$/);
});

test("L2TP off while two LAN devices use it: the card and the preview name them, Save asks first, Cancel changes nothing", async () => {
  expect(await traffic("l2tp")).toEqual({ l2tp: true }); // two devices, each a real L2TP flow the router tracks
  await page.reload();
  const inUse = "In use now: 2 devices (192.168.50.10 → 203.0.113.2, 192.168.50.11 → 203.0.113.2)";
  await expect(page.getByTestId("in-use-l2tp")).toHaveText(inUse);
  await expect(page.getByTestId("in-use-pptp")).toHaveText("Not in use right now.");

  await onOff("L2TP passthrough").click();
  await page.getByRole("button", { name: "Preview rules" }).click();
  const preview = page.getByTestId("rule-preview");
  await expect(preview.getByTestId("preview-changes")).toHaveText("L2TP: allowed → blocked");
  await expect(preview.getByTestId("preview-cut")).toHaveText("L2TP: 192.168.50.10 → 203.0.113.2L2TP: 192.168.50.11 → 203.0.113.2");
  await expect(preview.getByTestId("rule-diff")).toBeHidden(); // folded until asked for

  await page.getByRole("button", { name: "Save & apply" }).click();
  const dialog = page.getByTestId("cut-confirm");
  await expect(dialog.getByRole("heading", { name: "Cut open VPN connections?" })).toBeVisible();
  await expect(dialog.getByTestId("cut-confirm-list").getByRole("listitem")).toHaveText(["L2TP: 192.168.50.10 → 203.0.113.2", "L2TP: 192.168.50.11 → 203.0.113.2"]);
  await page.screenshot({ path: path.join(screenshots, "vpn-cut-confirm.png") });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId("state-l2tp")).toHaveText("Active");
  await expect(page.getByTestId("pending-l2tp")).toHaveText("→ will be blocked");
  expect(l2tpEntries()).toBe(2);
});

test("confirmed: L2TP is blocked, both connections are cut, and the result stays", async () => {
  await page.getByRole("button", { name: "Save & apply" }).click();
  await page.getByTestId("cut-confirm").getByRole("button", { name: "Cut and apply" }).click();
  await expect(page.getByTestId("apply-result")).toHaveText(/^Applied \d\d:\d\d:\d\d, \d+ ms: L2TP blocked; 2 connections cut$/);
  await expect(page.getByTestId("state-l2tp")).toHaveText("Blocked");
  await expect(page.getByTestId("in-use-l2tp")).toHaveText("Not in use right now.");
  expect(l2tpEntries()).toBe(0);
  expect(await traffic("l2tp")).toEqual({ l2tp: false });
  await page.waitForTimeout(7000); // longer than the old toast lived
  await expect(page.getByTestId("apply-result")).toContainText("L2TP blocked; 2 connections cut");
});

test("on a phone: the action bar is one row, the preview scrolls into view, its diff wraps and keeps nft's indentation", async () => {
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto("/vpn");
  await onOff("PPTP passthrough").click();
  const bar = page.getByTestId("action-bar");
  const centres = await Promise.all(
    [bar.getByText("1 change", { exact: true }), ...["Discard", "Preview rules", "Save & apply"].map((name) => bar.getByRole("button", { name }))].map(async (l) => {
      const box = (await l.boundingBox())!;
      return box.y + box.height / 2;
    }),
  );
  expect(Math.max(...centres) - Math.min(...centres), `vertical centres ${centres.join(", ")}`).toBeLessThan(4);
  expect((await bar.boundingBox())!.height).toBeLessThan(70);

  await bar.getByRole("button", { name: "Preview rules" }).click();
  const preview = page.getByTestId("rule-preview");
  await expect(preview).toBeInViewport();
  await preview.getByText("Ruleset changes (nftables)").click();
  const diff = preview.getByTestId("rule-diff");
  await expect(diff).toContainText('ct helper set "pptp"');
  const { scrollWidth, clientWidth, text } = await diff.evaluate((pre) => ({ scrollWidth: pre.scrollWidth, clientWidth: pre.clientWidth, text: pre.textContent ?? "" }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  expect(text).toMatch(/\n?\+ \t+\S/); // an added rule line with its tabs
  await page.screenshot({ path: path.join(screenshots, "vpn-phone-preview.png") });
  await bar.getByRole("button", { name: "Discard" }).click();
  await expect(bar).toHaveCount(0);
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("Bahasa Indonesia: the helper, the card words and the markers", async () => {
  await page.getByRole("combobox", { name: "Language" }).first().selectOption("id");
  await expect(page.getByRole("heading", { name: "Penerusan VPN" })).toBeVisible();
  const helper = page.getByTestId("vpn-helper");
  await helper.locator("summary").click();
  await helper.getByRole("button", { name: "WireGuard atau OpenVPN" }).click();
  await expect(page.getByTestId("vpn-helper-outcome")).toContainText("Tidak ada yang perlu dinyalakan.");
  await onOff("Penerusan PPTP").click();
  await expect(page.getByTestId("pending-pptp")).toHaveText("→ akan diizinkan");
  await expect(page.getByTestId("allows-l2tp")).toHaveText("Meneruskan (bila aktif): UDP 1701");
  await expect(page.getByTestId("in-use-l2tp")).toHaveText("Tidak sedang dipakai.");
  await page.getByRole("button", { name: "Batalkan" }).click();
  await page.getByRole("combobox", { name: "Bahasa" }).first().selectOption("en");
  await expect(page.getByRole("heading", { name: "VPN passthrough" })).toBeVisible();
});

/** The router's conntrack entries for L2TP (UDP 1701), both families. */
function l2tpEntries(): number {
  const listed = execFileSync("ip", ["netns", "exec", lab.router, "sh", "-c", "conntrack -L -p udp --orig-port-dst 1701 2>/dev/null; conntrack -L -f ipv6 -p udp --orig-port-dst 1701 2>/dev/null"], { encoding: "utf8" });
  return listed.split("\n").filter((line) => line.includes("dport=1701")).length;
}
