// Request forgery and session fixation, which held when issue 10 was filed; kept out by these tests.
// CSRF: a page on another site makes the admin's browser post to the panel (with the admin's cookie, were it
// not SameSite=Strict). Fixation: the attacker plants a session id in the browser before the admin signs in.
import { afterAll, beforeAll, expect, test } from "vitest";
import { loginForm } from "../../lab/testing/login-form";
import { callAction } from "./actions";
import { cookieSet, send } from "./http";
import { ADMIN, startPanel, type Panel } from "./panel";
import { attemptSignIn, isSignedIn, SESSION_COOKIE, signIn } from "./sign-in";

let panel: Panel;
beforeAll(async () => {
  panel = await startPanel();
});
afterAll(() => panel?.stop());

const FORGED_ORIGINS = ["http://evil.example", null, "null"] as const;

test("an action with a foreign, missing or null Origin is refused and changes nothing", async () => {
  const session = await signIn(panel);
  for (const origin of FORGED_ORIGINS) {
    const reply = await callAction(panel.url, {
      page: "/admin",
      file: "app/(panel)/admin/actions.ts",
      action: "signOutEverywhereAction",
      args: [undefined],
      cookie: session,
      origin,
    });
    expect(reply.redirect, `Origin ${origin}`).toBeUndefined();
    expect(await isSignedIn(panel, session), `Origin ${origin} signed the admin out everywhere`).toBe(true);
    const login = await attemptSignIn(panel, { origin, from: "127.0.0.2" });
    expect(login.session, `Origin ${origin} signed in`).toBeUndefined();
  }
});

test("a cross-site form post (the browser's own multipart form, no JavaScript) does not sign in", async () => {
  const form = loginForm((await send(`${panel.url}/login`)).text, ADMIN.username, ADMIN.password);
  const body = new Request("http://encode.invalid", { method: "POST", body: form });
  for (const origin of FORGED_ORIGINS) {
    const reply = await send(`${panel.url}/login`, {
      method: "POST",
      body: Buffer.from(await body.clone().arrayBuffer()),
      headers: { "content-type": body.headers.get("content-type")!, origin: origin ?? undefined },
      from: "127.0.0.3",
    });
    expect(cookieSet(reply, SESSION_COOKIE), `Origin ${origin}`).toBeUndefined();
  }
  // The same form from the panel's own origin does sign in: the refusals above are the Origin's doing.
  const own = await send(`${panel.url}/login`, {
    method: "POST",
    body: Buffer.from(await body.clone().arrayBuffer()),
    headers: { "content-type": body.headers.get("content-type")!, origin: panel.url },
    from: "127.0.0.3",
  });
  expect(cookieSet(own, SESSION_COOKIE)).toBeDefined();
});

test("session fixation: a planted session id is never adopted, and signing in ends the session the browser had", async () => {
  const planted = `${SESSION_COOKIE}=${"A".repeat(43)}`;
  const fresh = await attemptSignIn(panel, { cookie: planted, from: "127.0.0.4" });
  expect(fresh.session).toBeDefined();
  expect(fresh.session).not.toBe(planted);
  expect(await isSignedIn(panel, planted)).toBe(false);
  // A real session, planted (an attacker's own, say) before the admin signs in in that browser.
  const before = await signIn(panel, { from: "127.0.0.4" });
  const after = await attemptSignIn(panel, { cookie: before, from: "127.0.0.4" });
  expect(after.session).toBeDefined();
  expect(after.session).not.toBe(before);
  expect(await isSignedIn(panel, before)).toBe(false);
  expect(await isSignedIn(panel, after.session!)).toBe(true);
});
