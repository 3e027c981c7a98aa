// What every answer of the panel carries, and what it must not do: security headers on pages and on the static
// files, no redirect off the panel, no giant body swallowed. These held when issue 10 was filed.
import { afterAll, beforeAll, expect, test } from "vitest";
import { send } from "./http";
import { startPanel, staticScript, type Panel } from "./panel";
import { attemptSignIn, isSignedIn, signIn } from "./sign-in";

let panel: Panel;
beforeAll(async () => {
  panel = await startPanel();
});
afterAll(() => panel?.stop());

test("pages carry a nonce CSP, no framing, nosniff, same-origin referrers and no caching", async () => {
  const session = await signIn(panel);
  for (const [page, cookie] of [["/login", undefined], ["/vpn", session], ["/admin", session]] as const) {
    const { status, headers } = await send(`${panel.url}${page}`, { headers: { cookie } });
    expect(status, page).toBe(200);
    const csp = String(headers["content-security-policy"]);
    expect(csp, page).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp, page).toContain("frame-ancestors 'none'");
    expect(csp, page).toContain("object-src 'none'");
    expect(csp, page).toContain("base-uri 'self'");
    expect(csp, page).toContain("form-action 'self'");
    expect(headers["x-frame-options"], page).toBe("DENY");
    expect(headers["x-content-type-options"], page).toBe("nosniff");
    expect(headers["referrer-policy"], page).toBe("same-origin");
    expect(headers["cache-control"], page).toContain("no-store");
  }
});

test("static files are served as what they are (nosniff, their own type) and set no cookie", async () => {
  const reply = await send(`${panel.url}${await staticScript(panel)}`);
  expect(reply.status).toBe(200);
  expect(reply.headers["content-type"]).toMatch(/^application\/javascript/);
  expect(reply.headers["x-content-type-options"]).toBe("nosniff");
  expect(reply.cookies).toEqual([]);
});

test("no redirect leaves the panel: next=, callbackUrl=, // and /\\ paths", async () => {
  const tries = ["/login?next=https://evil.example/", "/login?callbackUrl=//evil.example/", "/vpn?next=//evil.example/", "//evil.example/", "/\\evil.example/", "/%2F%2Fevil.example/"];
  for (const path of tries) {
    const location = (await send(`${panel.url}${path}`)).headers.location;
    if (location) expect(new URL(location, panel.url).origin, `${path} -> ${location}`).toBe(panel.url);
  }
  // Signing in from a page whose address names another site still lands on the panel.
  const signedIn = await attemptSignIn(panel, { page: "/login?next=https://evil.example/", from: "127.0.0.2" });
  expect(signedIn.redirect).toBe("/vpn");
});

test("an oversized body is refused without signing in, and the panel keeps answering", async () => {
  const giant = await attemptSignIn(panel, { password: "x".repeat(5_000_000), from: "127.0.0.3" });
  expect(giant.session).toBeUndefined();
  expect(giant.status).toBeGreaterThanOrEqual(400);
  // Longer than any password may be: refused before it is hashed.
  const long = await attemptSignIn(panel, { password: "y".repeat(300), from: "127.0.0.3" });
  expect(long.session).toBeUndefined();
  expect(long.value).toMatchObject({ ok: false, fieldErrors: { password: expect.any(String) } });
  expect(await isSignedIn(panel, await signIn(panel, { from: "127.0.0.4" }))).toBe(true);
});
