// Every page against WCAG 2.2 AA (axe-core) in the light and the dark theme, and every page shown in Indonesian
// without an English word; the first-run form as a newcomer meets it (mistakes kept and all marked at once);
// <html lang> follows the language the page is in. Its own lab, panel and browser, like host-firewall.spec.ts.
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { axeViolations, englishOnPage } from "./a11y";
import { PAGE_OPTIONS, useOwnLab } from "./own-lab";

const PASSWORD = "router-admin-passphrase";
const PAGES = ["/vpn", "/status", "/monitor", "/admin", "/audit"];

const own = useOwnLab("a");
let english: BrowserContext;
let indonesian: BrowserContext;
let page: Page;

test.beforeAll(async () => {
  // The browser's own time zone is not the server's (UTC): the pages show times in the reader's.
  const options = { ...PAGE_OPTIONS, timezoneId: "Asia/Jakarta" };
  english = await own.browser.newContext({ ...options, locale: "en-GB" });
  indonesian = await own.browser.newContext({ ...options, locale: "id-ID" });
  page = await english.newPage();
});

async function signIn(on: Page) {
  await on.goto("/login");
  await on.locator("#field-username").fill("admin");
  await on.locator("#field-password").fill(PASSWORD);
  await on.locator("form").getByRole("button").last().click();
  await expect(on).toHaveURL(/\/vpn$/);
}

test("first-run setup: the rules and where the code is are said up front; every mistake is marked at once and nothing typed is lost", async () => {
  await page.goto("/setup");
  await expect(page.getByText("journalctl -u lintas-panel")).toBeVisible();
  await expect(page.getByLabel("Password", { exact: true })).toHaveAccessibleDescription(/At least 10 characters/);
  expect(await axeViolations(page)).toEqual([]);

  // Empty: each field says what it needs, not only the code.
  await page.getByLabel("Username").fill("");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.locator("#field-code-error")).toHaveText("Enter the setup code.");
  await expect(page.locator("#field-username-error")).toHaveText("Enter a username.");
  await expect(page.locator("#field-password-error")).toHaveText("At least 10 characters, not counting spaces at the start or end.");

  // A wrong code and a common password: both marked, and what was typed is still there to correct.
  await page.getByLabel("Setup code").fill("AAAA-BBBB-CCCC-DDDD");
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password", { exact: true }).fill("password123");
  await page.getByLabel("Confirm password").fill("password12");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.locator("#field-code-error")).toHaveText("That setup code is not valid.");
  await expect(page.locator("#field-password-error")).toHaveText("This password is too common. Choose another.");
  await expect(page.locator("#field-confirm-error")).toHaveText("The passwords do not match.");
  await expect(page.getByLabel("Setup code")).toHaveValue("AAAA-BBBB-CCCC-DDDD");
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("password123");
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  expect(await axeViolations(page)).toEqual([]);

  // Show password: the field shows what was typed, and hides it again.
  const password = page.getByLabel("Password", { exact: true });
  await page.getByRole("button", { name: "Show (Password)", exact: true }).click();
  await expect(password).toHaveAttribute("type", "text");
  await page.getByRole("button", { name: "Hide (Password)", exact: true }).click();
  await expect(password).toHaveAttribute("type", "password");

  const setup = await indonesian.newPage();
  await setup.goto("/setup");
  await expect(setup.locator("html")).toHaveAttribute("lang", "id");
  expect(await englishOnPage(setup)).toEqual([]);
  expect(await axeViolations(setup)).toEqual([]);
  await setup.close();

  await page.getByLabel("Setup code").fill(own.panel.setupCode);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page).toHaveURL(/\/vpn$/);
});

test("every page passes axe (WCAG 2.2 AA) in the light and the dark theme, on a desktop and a phone", async () => {
  // Something in each: a saved change (the audit log, the Status page), a pending one (the action bar).
  await page.getByRole("switch", { name: "PPTP passthrough" }).click();
  await page.getByRole("button", { name: "Save & apply" }).click();
  await expect(page.getByTestId("state-pptp")).toHaveText("Active");
  await page.getByRole("switch", { name: "L2TP passthrough" }).click();
  const found: string[] = [];
  found.push(...(await axeViolations(page)).map((v) => `/vpn (pending change) ${v}`));
  for (const route of PAGES) {
    await page.goto(route);
    found.push(...(await axeViolations(page)).map((v) => `${route} ${v}`));
  }
  // The skip link is the first stop of the Tab key and lands on the page.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  // Revoking this browser's own session asks first.
  await page.goto("/admin");
  await page.getByTestId("sessions").getByRole("button", { name: /^Revoke/ }).click();
  await expect(page.getByRole("group", { name: /^This is the session you are using/ })).toBeVisible();
  found.push(...(await axeViolations(page)).map((v) => `/admin (asking before signing out) ${v}`));
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("group")).toHaveCount(0);
  // On a phone (360 px): nothing wider than the screen, and the folded navigation passes too.
  await page.setViewportSize({ width: 360, height: 780 });
  for (const route of PAGES) {
    await page.goto(route);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) found.push(`${route} (360 px) is ${width} px wide`);
    found.push(...(await axeViolations(page)).map((v) => `${route} (360 px) ${v}`));
  }
  await page.setViewportSize(PAGE_OPTIONS.viewport);
  expect(found).toEqual([]);
});

test("Indonesian: no English word on any page, and <html lang> follows the language shown, not the browser's", async () => {
  const id = await indonesian.newPage();
  await id.goto("/login");
  await expect(id.locator("html")).toHaveAttribute("lang", "id");
  await expect(id).toHaveTitle("Lintas — Penerusan VPN");
  const found: string[] = (await englishOnPage(id)).map((word) => `/login ${word}`);
  found.push(...(await axeViolations(id)).map((v) => `/login ${v}`));
  // The account says English (chosen in the English browser): the page is English, and says so.
  await page.goto("/admin");
  await page.getByRole("combobox", { name: "Language" }).first().selectOption("id");
  await expect(page.getByRole("heading", { name: "Administrasi" })).toBeVisible();
  await page.getByRole("combobox", { name: "Bahasa" }).first().selectOption("en");
  await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();
  await signIn(id);
  await expect(id.locator("html")).toHaveAttribute("lang", "en");
  await expect(id).toHaveTitle("Lintas — VPN passthrough");
  // The check sees what a reader sees: this page in English is full of English words.
  expect((await englishOnPage(id)).length).toBeGreaterThan(10);
  // Switched to Indonesian in this browser: every page in Indonesian, and nothing of it in English.
  await id.getByRole("combobox", { name: "Language" }).first().selectOption("id");
  await expect(id.locator("html")).toHaveAttribute("lang", "id");
  for (const route of PAGES) {
    await id.goto(route);
    await expect(id.locator("html")).toHaveAttribute("lang", "id");
    found.push(...(await englishOnPage(id)).map((word) => `${route} ${word}`));
  }
  expect(found).toEqual([]);
  await id.close();
});

test("the sign-in page passes axe after a refusal too", async () => {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password", { exact: true }).fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong username or password.");
  await expect(page.getByLabel("Username")).toHaveValue("admin");
  expect(await axeViolations(page)).toEqual([]);
});
