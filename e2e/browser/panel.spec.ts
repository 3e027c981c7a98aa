// The panel as a LAN client uses it: Chromium inside a lab LAN namespace opens https://192.168.50.1, where the
// production server runs inside the lab router as the installed service does (--tls, its self-signed
// certificate accepted as an admin who checked the fingerprint would). Every switch flipped in the browser is
// proven by real traffic.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { generateSync } from "otplib";
import { routerLintas } from "../../lab/lab";
import { CHECKS, probe } from "../../lab/probes";
import { labNamed } from "../../lab/topology";

const PASSWORD = "router-admin-passphrase";
const screenshots = path.join(import.meta.dirname, "..", "..", "docs", "screenshots");
const lab = () => labNamed(process.env.LINTAS_E2E_LAB_PREFIX, process.env.LINTAS_E2E_DATA_DIR);

/** Which of the given lab checks pass right now, with real packets. */
async function traffic(...ids: string[]): Promise<Record<string, boolean>> {
  const rows = await probe(lab(), CHECKS.filter((c) => ids.includes(c.id)));
  return Object.fromEntries(rows.map((r) => [r.check.id, r.passed]));
}

/**
 * Flips one protocol and saves. Turning off a protocol that LAN hosts used moments ago (the probes' flows are
 * still tracked) asks first, naming them: `cuts` are the lines expected there, confirmed; none means no question.
 */
async function flipAndApply(page: Page, name: string, expectedState: "Active" | "Blocked", id: string, cuts: string[] = []) {
  const protocol = name.replace(/ passthrough$/, "");
  await page.getByRole("switch", { name }).click();
  await expect(page.getByTestId("pending-count")).toHaveText("1 unsaved change");
  await page.getByRole("button", { name: "Save & apply" }).click();
  if (cuts.length > 0) {
    const dialog = page.getByTestId("cut-confirm");
    await expect(dialog.getByRole("listitem")).toHaveText(cuts);
    await dialog.getByRole("button", { name: "Cut and apply" }).click();
  }
  const change = `${protocol} ${expectedState === "Active" ? "allowed" : "blocked"}`;
  // Turning on cuts nothing, and the result then says nothing about cutting.
  await expect(page.getByTestId("apply-result")).toHaveText(new RegExp(`^Applied \\d\\d:\\d\\d:\\d\\d, \\d+ ms: ${change}(; |$)`));
  await expect(page.getByTestId(`state-${id}`)).toHaveText(expectedState);
  await expect(page.getByTestId("pending-count")).toHaveCount(0);
}

/** The confirmation's lines for a protocol both lab LAN hosts used, to the lab's WAN host. */
const bothLanHosts = (protocol: string) => ["192.168.50.10", "192.168.50.11"].map((host) => `${protocol}: ${host} → 203.0.113.2`);

test.describe.configure({ mode: "serial" });

let page: Page;
test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: "Asia/Jakarta" });
});
test.afterAll(async () => {
  await page.close();
});

test("before setup, every page leads to the first-run setup", async () => {
  await page.goto("/vpn");
  await expect(page).toHaveURL(/\/setup$/);
});

test("first-run setup needs the code printed in the server log", async () => {
  await page.goto("/setup");
  await page.getByLabel("Setup code").fill("AAAA-BBBB-CCCC-DDDD");
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("That setup code is not valid.").first()).toBeVisible();

  // The right code with a weak password: a field-level message, and the code is not used up.
  await page.getByLabel("Setup code").fill(process.env.LINTAS_E2E_SETUP_CODE!);
  await page.getByLabel("Password", { exact: true }).fill("password123");
  await page.getByLabel("Confirm password").fill("password123");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.locator("#field-password-error")).toHaveText("This password is too common. Choose another.");

  await page.getByLabel("Setup code").fill(process.env.LINTAS_E2E_SETUP_CODE!);
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page).toHaveURL(/\/vpn$/);
  await expect(page.getByRole("heading", { name: "VPN passthrough" })).toBeVisible();
});

test("plain HTTP is sent to HTTPS (308, same path), and the session cookie is Secure", async () => {
  await page.goto("http://192.168.50.1/status");
  await expect(page).toHaveURL("https://192.168.50.1/status");
  const session = (await page.context().cookies()).find((cookie) => cookie.name === "lintas_session");
  expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: "Strict" });
});

test("security headers: CSP with frame-ancestors none, no-store, same-origin referrer", async () => {
  const response = await page.goto("/vpn");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(headers["cache-control"]).toBe("no-store");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
});

test("PPTP on: preview shows the helper, Save & apply, and two PPTP clients get through", async () => {
  expect((await traffic("pptp")).pptp).toBe(false);
  await page.getByRole("switch", { name: "PPTP passthrough" }).click();
  await page.getByRole("button", { name: "Preview rules" }).click();
  await expect(page.getByTestId("preview-changes")).toHaveText("PPTP: blocked → allowed");
  await page.getByText("Ruleset changes (nftables)").click();
  await expect(page.getByTestId("rule-diff")).toContainText('ct helper set "pptp"');
  await page.getByRole("switch", { name: "PPTP passthrough" }).click(); // back: nothing pending
  await expect(page.getByTestId("pending-count")).toHaveCount(0);
  await flipAndApply(page, "PPTP passthrough", "Active", "pptp");
  expect(await traffic("pptp")).toEqual({ pptp: true });
  await page.screenshot({ path: path.join(screenshots, "vpn.png"), fullPage: true });
});

test("PPTP off: blocked", async () => {
  await flipAndApply(page, "PPTP passthrough", "Blocked", "pptp", bothLanHosts("PPTP"));
  expect(await traffic("pptp")).toEqual({ pptp: false });
});

test("IPsec on: IKE, NAT-T and ESP pass; AH stays off until its option is on", async () => {
  await flipAndApply(page, "IPsec passthrough", "Active", "ipsec");
  expect(await traffic("ike", "natT", "esp", "ah")).toEqual({ ike: true, natT: true, esp: true, ah: false });
});

test("Diagnose IPsec: live paths of real IKE, where a host table drops it and where it leaves; closing removes the trace", async () => {
  const router = lab().router;
  const inRouter = (...argv: string[]) => execFileSync("ip", ["netns", "exec", router, ...argv], { encoding: "utf8" });
  const dialog = page.getByTestId("trace-dialog");
  const results = dialog.getByTestId("trace-result");

  // A host firewall that drops forwarded traffic: the dialog names its table, chain and policy. Report mode, or
  // the panel's watcher would open IPsec through it at once.
  expect(routerLintas(lab(), ["network", "set", "--host-firewall", "report"]).code).toBe(0);
  inRouter("nft", "add table inet filter { chain forward { type filter hook forward priority filter; policy drop; }; }");
  try {
    await page.getByTestId("diagnose-ipsec").click();
    await expect(dialog.getByRole("heading", { name: "Diagnose IPsec" })).toBeVisible();
    await expect(dialog.getByTestId("trace-status")).toContainText("Tracing for");
    expect(await traffic("ike")).toEqual({ ike: false });
    await expect(results.filter({ hasText: "dropped by table inet filter chain forward, policy drop" }).first()).toBeVisible();
    await dialog.getByRole("button", { name: "Stop" }).click();
    await expect(dialog.getByTestId("trace-status")).toContainText("Tracing stopped");
  } finally {
    inRouter("nft", "delete", "table", "inet", "filter");
    routerLintas(lab(), ["network", "set", "--host-firewall", "open"]);
  }

  // Nothing on the host drops it: the request leaves on the WAN, the reply reaches the LAN.
  await dialog.getByRole("button", { name: "Trace again" }).click();
  await expect(dialog.getByTestId("trace-status")).toContainText("Tracing for");
  expect(await traffic("ike")).toEqual({ ike: true });
  await expect(results.filter({ hasText: "left on the WAN (wan0)" }).first()).toBeVisible();
  await expect(results.filter({ hasText: "reached the LAN (br-lan)" }).first()).toBeVisible();
  await expect(dialog.getByTestId("trace-row").first()).toContainText("inet lintas · forward: accept");
  await page.screenshot({ path: path.join(screenshots, "diagnose.png") });
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => inRouter("nft", "list", "tables")).not.toContain("lintas_trace");
});

test("a trace asked for from another origin, or without a session, is refused and marks nothing", async () => {
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  expect(cookie).toContain("lintas_session=");
  const ask = (origin: string, withCookie: string) =>
    execFileSync("ip", ["netns", "exec", process.env.LINTAS_E2E_LAN_NS!, "curl", "-s", "-o", "-", "-w", "\n%{http_code}", "-m", "5",
      "-H", `Origin: ${origin}`, "-H", "Content-Type: application/json", "-H", `Cookie: ${withCookie}`,
      "--data-binary", JSON.stringify({ protocol: "ipsec", seconds: 2 }), "-k", "https://192.168.50.1/vpn/trace"], { encoding: "utf8" });
  expect(ask("http://evil.example", cookie)).toMatch(/This request did not come from this panel and was refused\.\S*\n403$/);
  // The panel's own host and port, the wrong scheme: a page served over plain HTTP is not the panel.
  expect(ask("http://192.168.50.1", cookie)).toMatch(/This request did not come from this panel and was refused\.\S*\n403$/);
  expect(ask("https://192.168.50.1", "")).toMatch(/Sign in first\.\S*\n401$/);
  expect(execFileSync("ip", ["netns", "exec", lab().router, "nft", "list", "tables"], { encoding: "utf8" })).not.toContain("lintas_trace");
});

test("IPsec off: blocked", async () => {
  await flipAndApply(page, "IPsec passthrough", "Blocked", "ipsec", bothLanHosts("IPsec"));
  expect(await traffic("ike", "natT", "esp")).toEqual({ ike: false, natT: false, esp: false });
});

test("L2TP on, then off", async () => {
  await flipAndApply(page, "L2TP passthrough", "Active", "l2tp");
  expect(await traffic("l2tp")).toEqual({ l2tp: true });
  await flipAndApply(page, "L2TP passthrough", "Blocked", "l2tp", bothLanHosts("L2TP"));
  expect(await traffic("l2tp")).toEqual({ l2tp: false });
});

test("switches work from the keyboard", async () => {
  const pptp = page.getByRole("switch", { name: "PPTP passthrough" });
  await pptp.focus();
  await page.keyboard.press("Space");
  await expect(pptp).toHaveAttribute("aria-checked", "true");
  await page.keyboard.press("Enter");
  await expect(pptp).toHaveAttribute("aria-checked", "false");
  await expect(page.getByTestId("pending-count")).toHaveCount(0);
});

test("a Save & apply replayed from another origin is refused and changes nothing", async () => {
  // Capture the real Save & apply request (and stop it), then replay it from the LAN host with curl: once with
  // a foreign Origin and the admin's own session cookie, once with the right Origin but no session.
  let captured: { action: string; body: string; cookie: string } | undefined;
  await page.route("**/vpn", async (route) => {
    const request = route.request();
    if (request.method() !== "POST") return route.continue();
    const headers = await request.allHeaders();
    captured = { action: headers["next-action"]!, body: request.postData() ?? "", cookie: headers.cookie ?? "" };
    await route.abort();
  });
  await page.getByRole("switch", { name: "L2TP passthrough" }).click();
  await page.getByRole("button", { name: "Save & apply" }).click();
  await expect.poll(() => captured).toBeDefined();
  await page.unroute("**/vpn");
  expect(captured!.cookie).toContain("lintas_session=");

  const replay = (origin: string, cookie: string) =>
    execFileSync("ip", ["netns", "exec", process.env.LINTAS_E2E_LAN_NS!, "curl", "-s", "-o", "-", "-w", "\n%{http_code}",
      "-H", `Origin: ${origin}`, "-H", `Next-Action: ${captured!.action}`, "-H", "Content-Type: text/plain;charset=UTF-8",
      "-H", "Accept: text/x-component", "-H", `Cookie: ${cookie}`, "--data-binary", captured!.body, "-k", "https://192.168.50.1/vpn"], { encoding: "utf8" });
  const foreign = replay("http://evil.example", captured!.cookie);
  expect(foreign).not.toMatch(/"ok":true/);
  const anonymous = replay("https://192.168.50.1", "");
  expect(anonymous).toContain("Sign in first.");
  expect(await traffic("l2tp")).toEqual({ l2tp: false });
  // The unsaved switch is dropped on the way out: its draft would otherwise come back after the reload.
  await page.evaluate(() => sessionStorage.clear());
  page.once("dialog", (dialog) => void dialog.accept());
  await page.reload();
  await expect(page.getByTestId("state-l2tp")).toHaveText("Blocked");
  await expect(page.getByTestId("pending-count")).toHaveCount(0);
});

test("the audit log says each event in words, with the address, in local time; filters by kind, who and text", async () => {
  await page.goto("/audit");
  const table = page.getByTestId("audit-table");
  await expect(table).toContainText("First-run setup: admin account admin created");
  await expect(table).toContainText("Signed in");
  await expect(table).toContainText("Changed the settings: PPTP: off → on");
  await expect(table).toContainText("192.168.50.10");
  await expect(table).not.toContainText("config.change");
  await expect(table).not.toContainText("secondFactor");
  // In the browser's own time zone (Jakarta here; the server's is UTC), the zone named.
  await expect(table.locator("time").first()).toHaveText(/\d{2}:\d{2}:\d{2} GMT\+7$/);

  const filters = page.getByTestId("audit-filters");
  await filters.getByLabel("Kind").selectOption({ label: "Router settings" });
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/kind=config/);
  await expect(table).toContainText("Changed the settings");
  await expect(table).not.toContainText("Signed in");
  await filters.getByLabel("Containing").fill("L2TP: off → on");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await filters.getByLabel("Kind").selectOption({ label: "Sign-ins and account" });
  await filters.getByLabel("Containing").fill("");
  await filters.getByLabel("Who").selectOption("admin");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(table).toContainText("Signed in");
  await expect(table).not.toContainText("Changed the settings");
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/audit$/);
});

test("a hand change of the kernel is put back by the panel's watcher, and the audit log says why", async () => {
  await page.goto("/status");
  await expect(page.getByRole("heading", { name: /^Open VPN flows \(\d+\)$/ })).toBeVisible();
  await expect(page.getByTestId("drift")).toContainText("The kernel enforces the saved settings.");
  const forwardRules = () => execFileSync("ip", ["netns", "exec", lab().router, "nft", "list", "chain", "inet", "lintas", "forward"], { encoding: "utf8" });
  execFileSync("ip", ["netns", "exec", lab().router, "nft", "flush", "chain", "inet", "lintas", "forward"]);
  await expect.poll(forwardRules, { timeout: 2000, intervals: [50] }).toContain('comment "pptp=off:');
  await page.reload();
  // In sync again, so the page offers no re-apply button: nothing is left for a person to do.
  await expect(page.getByTestId("drift")).toContainText("The kernel enforces the saved settings.");
  await expect(page.getByRole("button", { name: "Re-apply saved settings" })).toHaveCount(0);
  // The time of the apply is masked so the committed picture only changes when the page does.
  await page.screenshot({ path: path.join(screenshots, "status.png"), fullPage: true, mask: [page.getByTestId("applied-at")], maskColor: "#e2e8f0" });
  await page.goto("/audit");
  const repair = page.getByTestId("audit-table").locator("tr", { hasText: "The watcher put the rules back" });
  await expect(repair).toHaveCount(1);
  await expect(repair).toContainText(/watcher \(lintas serve, pid \d+\)/);
  await expect(repair).toContainText(/table inet lintas changed by process \d+ \(nft\); restored in table inet lintas: pptp=off: TCP 1723/);
});

test("a strict host firewall: status names its drop in report mode, open mode opens it and IPsec passes", async () => {
  const router = (...argv: string[]) => execFileSync("ip", ["netns", "exec", lab().router, ...argv], { encoding: "utf8" });
  router("nft", "add table inet filter; add chain inet filter forward { type filter hook forward priority filter; policy drop; }; add rule inet filter forward ct state established,related accept");
  try {
    const mode = async (label: RegExp) => {
      await page.goto("/status");
      const form = page.getByTestId("host-firewall-form");
      await form.getByLabel(label).check();
      await form.getByRole("button", { name: "Save" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Saved and applied." })).toBeVisible();
    };
    await mode(/^Report:/);
    await page.goto("/vpn");
    await page.getByRole("switch", { name: "IPsec passthrough" }).click();
    await page.getByRole("button", { name: "Save & apply" }).click();
    await expect(page.getByTestId("apply-result")).toContainText("IPsec allowed");
    await expect(page.getByTestId("state-ipsec")).toHaveText("Blocked");
    await expect(page.getByTestId("reason-ipsec")).toHaveText("UDP 500 LAN → WAN (IPv4) is dropped by table inet filter, chain forward (policy drop)");
    expect(await traffic("ike")).toEqual({ ike: false });

    await mode(/^Open:/);
    await expect(page.getByTestId("host-chains")).toContainText("table inet filter, chain forward (priority 0, policy drop): an nftables table");
    await expect(page.getByTestId("host-ipsec")).toHaveText("IPsec: passes the host firewall; opened in table inet filter forward");
    await expect(page.getByTestId("state-ipsec")).toHaveText("Active");
    expect(await traffic("ike")).toEqual({ ike: true });
    await page.reload(); // without the toast
    await page.getByTestId("host-firewall").screenshot({ path: path.join(screenshots, "status-host-firewall.png") });
    await page.goto("/vpn");
    await flipAndApply(page, "IPsec passthrough", "Blocked", "ipsec", bothLanHosts("IPsec"));
  } finally {
    router("nft", "delete table inet filter");
  }
});

test("two-factor sign-in: enrol with the QR key, then the code is required", async () => {
  await page.goto("/admin");
  // A stolen session alone cannot set up an authenticator: the password is asked first.
  await page.locator("#field-totp-password").fill("not the password");
  await page.getByRole("button", { name: "Set up authenticator" }).click();
  await expect(page.locator("#field-totp-password-error")).toHaveText("The current password is wrong.");
  await page.locator("#field-totp-password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set up authenticator" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!;
  const enrolmentCode = generateSync({ secret });
  await page.getByLabel("6-digit code from the app").fill(enrolmentCode);
  await page.getByRole("button", { name: "Confirm", exact: true }).click();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  const [recovery, another] = await page.getByTestId("recovery-codes").locator("li").allTextContents();

  // The codes go to the clipboard or to a file, as the admin prefers.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy codes" }).click();
  await expect(page.getByText("Copied.")).toBeVisible();
  expect((await page.evaluate(() => navigator.clipboard.readText())).split("\n")).toHaveLength(10);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download (.txt)" }).click()]);
  expect(download.suggestedFilename()).toBe("lintas-recovery-codes.txt");
  expect(readFileSync((await download.path())!, "utf8")).toContain(`${recovery}\n${another}\n`);

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Enter the code from your authenticator app.");
  // The code that confirmed the enrolment was seen once: it says so, not just "not valid".
  await page.getByLabel("Authenticator code or recovery code").fill(enrolmentCode);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText(/^That code was already used\./);
  await page.getByLabel("Authenticator code or recovery code").fill(recovery!);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/vpn$/);

  // Turning it off needs the password and a code (here an unused recovery code).
  await page.goto("/admin");
  await page.locator("#field-totp-password").fill(PASSWORD);
  await page.getByLabel("Current code from the app, or an unused recovery code").fill(another!);
  await page.getByRole("button", { name: "Turn off two-factor authentication" }).click();
  await expect(page.getByText("Two-factor authentication is off.")).toBeVisible();
});

test("on a phone (360 px) the nav folds into a menu; screenshot saved", async ({}, testInfo) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto("/vpn");
  await expect(page.getByRole("button", { name: "Menu" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Audit log" })).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(page.getByRole("link", { name: "Audit log" })).toBeVisible();
  await page.getByRole("button", { name: "Menu" }).click();
  const file = testInfo.outputPath("vpn-phone.png");
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach("vpn-phone", { path: file, contentType: "image/png" });
  await page.screenshot({ path: path.join(screenshots, "vpn-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("signed out, the panel redirects to the login page", async () => {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  for (const route of ["/vpn", "/status", "/admin", "/audit"]) {
    await page.goto(route);
    await expect(page).toHaveURL(/\/login$/);
  }
});

test("wrong passwords are throttled, then the right one works; what was typed stays for the next try", async () => {
  await page.goto("/login");
  await page.getByLabel("Username").fill("admin");
  for (let i = 0; i < 3; i++) {
    await page.getByLabel("Password", { exact: true }).fill(`wrong-guess-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong username or password.");
    await expect(page.getByLabel("Username")).toHaveValue("admin");
    await expect(page.getByLabel("Password", { exact: true })).toHaveValue(`wrong-guess-${i}`);
  }
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText("Too many failed attempts");
  await page.waitForTimeout(1200); // the third failure costs one second
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/vpn$/);
});

test("Bahasa Indonesia: from the browser's language, and from the switcher", async ({ browser }) => {
  const context = await browser.newContext({ locale: "id-ID" });
  const indonesian = await context.newPage();
  await indonesian.goto("/login");
  await expect(indonesian.getByRole("heading", { name: "Masuk" })).toBeVisible();
  await expect(indonesian.locator("html")).toHaveAttribute("lang", "id");
  await context.close();

  await page.goto("/vpn");
  await page.getByRole("combobox", { name: "Language" }).first().selectOption("id");
  await expect(page.getByRole("heading", { name: "Penerusan VPN" })).toBeVisible();
  await expect(page.getByRole("switch", { name: "Penerusan PPTP" })).toBeVisible();
  await expect(page.getByTestId("state-pptp")).toHaveText("Diblokir");
  await page.screenshot({ path: path.join(screenshots, "vpn-id.png"), fullPage: true });
  await page.getByRole("combobox", { name: "Bahasa" }).first().selectOption("en");
  await expect(page.getByRole("heading", { name: "VPN passthrough" })).toBeVisible();
});
