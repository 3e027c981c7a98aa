// Issue 12's scope on the VPN page: a PPTP card limited to the laptop (picked from the router's DHCP leases) and
// to the VPN server by its host name. A bad entry says why while it is typed; the change is a pending change like
// a switch (preview in words, Save & apply through the one pipeline); the kernel's sets then hold the names'
// addresses (read by the router's own `lintas status`), the card says what each name stood for, and removing the
// entries opens PPTP to everyone again. Its own lab, panel and browser.
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { routerLintas } from "../../lab/lab";
import { LAN_DEVICE_NAMES, WAN_SERVER_NAME } from "../../lab/router-files";
import { ADDRESSES, ADDRESSES6, type Lab } from "../../lab/topology";
import type { StatusReport } from "../../lib/passthrough";
import { axeViolations, englishOnPage } from "./a11y";
import { createAdmin, PAGE_OPTIONS, useOwnLab } from "./own-lab";

const own = useOwnLab("scope");
let lab: Lab;
let page: Page;
const [laptop] = LAN_DEVICE_NAMES;

test.beforeAll(async () => {
  lab = own.lab;
  // A context of its own: axe-core analyses pages of browser.newContext() only.
  page = await (await own.browser.newContext(PAGE_OPTIONS)).newPage();
  await createAdmin({ ...own, page });
  expect(routerLintas(lab, ["passthrough", "set", "pptp=on"]).code).toBe(0);
  await page.reload();
});

function routerStatus(): StatusReport {
  const result = routerLintas(lab, ["status", "--json"]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as StatusReport;
}

/** The elements of one of the kernel's named sets, as the router's `lintas status` lists the table. */
function setElements(name: string): string {
  const set = new RegExp(`set ${name} \\{[^}]*?elements = \\{([^}]*)\\}`).exec(routerStatus().listing);
  return set?.[1]?.replace(/\s+/g, " ").trim() ?? "";
}

test("the card says who may use PPTP; a bad entry is refused while it is typed, in words naming it", async () => {
  const card = page.getByTestId("protocol-pptp");
  await expect(card.getByTestId("scope-summary-pptp")).toHaveText("Who may use it: every LAN device, to any VPN server");
  await card.getByTestId("scope-summary-pptp").click();
  await expect(card.getByTestId("scope-pptp-lan-empty")).toHaveText("None listed: every LAN device may use it.");
  await expect(card.getByTestId("scope-pptp-servers-empty")).toHaveText("None listed: any VPN server may be reached.");

  const lanField = card.getByLabel("Add a LAN device");
  await lanField.pressSequentially("192.168.1.300");
  await expect(lanField).toHaveAttribute("aria-invalid", "true");
  await expect(lanField).toHaveAccessibleDescription(/“192\.168\.1\.300” is not an IP address, a CIDR block, a MAC address or a device name/);
  await lanField.fill("192.168.50.5/24");
  await expect(card.getByText("“192.168.50.5/24” has bits set after its prefix length: did you mean 192.168.50.0/24?")).toBeVisible();
  await card.getByTestId("scope-add-pptp-lan").click();
  await expect(card.getByTestId("scope-entry")).toHaveCount(0); // refused: nothing added
  await expect(page.getByTestId("pending-count")).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);
});

test("the laptop picked from the router's devices and the server by name are pending changes, previewed in words", async () => {
  const card = page.getByTestId("protocol-pptp");
  const picker = card.getByLabel("Or pick a device the router knows");
  await expect(picker.locator("option", { hasText: new RegExp(`^${laptop} · ${ADDRESSES.lanHosts[0]}`) })).toHaveCount(1);
  await picker.selectOption(laptop);
  const lanField = card.getByLabel("Add a LAN device");
  await expect(lanField).toHaveValue(laptop);
  await expect(lanField).not.toHaveAttribute("aria-invalid");
  await lanField.press("Enter");
  await card.getByLabel("Add a VPN server").fill(WAN_SERVER_NAME);
  await card.getByTestId("scope-add-pptp-servers").click();
  await expect(card.getByTestId("scope-entry")).toHaveText([new RegExp(`^${laptop}Remove$`), new RegExp(`^${WAN_SERVER_NAME.replaceAll(".", "\\.")}Remove$`)]);
  await expect(card.getByTestId("scope-summary-pptp")).toHaveText("Who may use it: 1 LAN device, to 1 VPN server");
  await expect(page.getByTestId("pending-pptp")).toHaveText("→ will change");
  await expect(page.getByTestId("pending-count")).toHaveText("2 unsaved changes");

  await page.reload(); // the draft stays in this tab
  await expect(page.getByTestId("pending-count")).toHaveText("2 unsaved changes");
  await page.getByRole("button", { name: "Preview rules" }).click();
  await expect(page.getByTestId("preview-changes").locator("li")).toHaveText([`PPTP – Allowed LAN devices: added ${laptop}`, `PPTP – Allowed VPN servers: added ${WAN_SERVER_NAME}`]);
});

test("Save & apply: the kernel's sets hold the names' addresses, the card says what each name stood for", async () => {
  await page.getByRole("button", { name: "Save & apply" }).click();
  await expect(page.getByTestId("apply-result")).toHaveText(
    new RegExp(`^Applied \\d\\d:\\d\\d:\\d\\d, \\d+ ms: PPTP – Allowed LAN devices: added ${laptop}; PPTP – Allowed VPN servers: added ${WAN_SERVER_NAME.replaceAll(".", "\\.")}; no open connection to cut$`),
  );
  await expect(page.getByTestId("state-pptp")).toHaveText("Active"); // for its scope: the summary says whose
  const status = routerStatus();
  expect(status.passthrough.pptp.scope).toEqual({ lan: [laptop], servers: [WAN_SERVER_NAME] });
  expect(status.kernel!.inSync).toBe(true);
  expect(setElements("pptp_lan_v4")).toContain(ADDRESSES.lanHosts[0]);
  expect(setElements("pptp_servers_v4")).toContain(ADDRESSES.wanHost);

  const card = page.getByTestId("protocol-pptp");
  await card.getByTestId("scope-summary-pptp").click();
  await expect(card.getByTestId("scope-entry").first()).toContainText(ADDRESSES.lanHosts[0]);
  await expect(card.getByTestId("scope-entry").last()).toContainText(`was ${ADDRESSES6.wanHost}, ${ADDRESSES.wanHost} at the last apply`);
  await expect(page.getByTestId("pending-count")).toHaveCount(0);
  await card.screenshot({ path: path.join(import.meta.dirname, "..", "..", "docs", "screenshots", "vpn-scope.png") });
});

test("removing both entries opens PPTP to everyone again, in the kernel too", async () => {
  const card = page.getByTestId("protocol-pptp");
  await card.getByRole("button", { name: `Remove ${laptop} (Allowed LAN devices)` }).click();
  await card.getByRole("button", { name: `Remove ${WAN_SERVER_NAME} (Allowed VPN servers)` }).click();
  await expect(card.getByTestId("scope-summary-pptp")).toHaveText("Who may use it: every LAN device, to any VPN server");
  await page.getByRole("button", { name: "Save & apply" }).click();
  await expect(page.getByTestId("apply-result")).toContainText(`PPTP – Allowed LAN devices: removed ${laptop}`);
  const status = routerStatus();
  expect(status.passthrough.pptp.scope).toBeUndefined();
  expect(status.listing).not.toContain("pptp_lan_v4");
});

test("Bahasa Indonesia: the unfolded scope and its errors have no English word", async () => {
  await page.getByRole("combobox", { name: "Language" }).first().selectOption("id");
  await expect(page.getByRole("heading", { name: "Penerusan VPN" })).toBeVisible();
  const card = page.getByTestId("protocol-pptp");
  await expect(card.getByTestId("scope-summary-pptp")).toHaveText("Siapa yang boleh memakainya: semua perangkat LAN, ke server VPN mana pun");
  await card.getByTestId("scope-summary-pptp").click();
  await card.getByLabel("Tambah server VPN").fill("198.51.100.7/24");
  await expect(card.getByText("“198.51.100.7/24” memiliki bit yang terisi setelah panjang prefiksnya: maksud Anda 198.51.100.0/24?")).toBeVisible();
  expect(await englishOnPage(page)).toEqual([]);
  await card.getByLabel("Tambah server VPN").fill("");
  await page.getByRole("combobox", { name: "Bahasa" }).first().selectOption("en");
  await expect(page.getByRole("heading", { name: "VPN passthrough" })).toBeVisible();
});
