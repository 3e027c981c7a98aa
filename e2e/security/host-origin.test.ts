// Attacks 6 and 9 (plain-HTTP half) of issue 10. DNS rebinding: a web page the admin visits points its own
// name (rebind.evil) at the router, and the admin's browser then talks to the panel as "rebind.evil", Origin
// and all. And headers a client may send but only a proxy should: X-Forwarded-Proto, -For, -Host.
import { afterAll, beforeAll, expect, test } from "vitest";
import { en } from "../../lib/i18n/en";
import { cookieSet, send } from "./http";
import { startPanel, staticScript, type Panel } from "./panel";
import { attemptSignIn, SESSION_COOKIE } from "./sign-in";

let panel: Panel;
let rebound: string;
beforeAll(async () => {
  panel = await startPanel();
  rebound = `rebind.evil:${panel.port}`;
});
afterAll(() => panel?.stop());

test("a foreign Host is answered 421 before Next sees it: pages, static files and actions", async () => {
  const script = await staticScript(panel);
  expect((await send(`${panel.url}/login`, { headers: { host: rebound } })).status).toBe(421);
  expect((await send(`${panel.url}${script}`, { headers: { host: rebound } })).status).toBe(421);
  // The rebinding page signs in with the password it phished: its Origin matches the Host it uses.
  const signIn = await attemptSignIn(panel, { origin: `http://${rebound}`, headers: { host: rebound }, from: "127.0.0.2" });
  expect(signIn.status).toBe(421);
  expect(signIn.session).toBeUndefined();
  // The panel's own address still works.
  expect((await send(`${panel.url}/login`)).status).toBe(200);
  expect((await send(`${panel.url}${script}`)).status).toBe(200);
});

test("the Origin check compares the scheme: an https origin is refused by a plain-HTTP panel", async () => {
  const reply = await attemptSignIn(panel, { origin: panel.url.replace(/^http:/, "https:"), from: "127.0.0.3" });
  expect(reply.session, "signed in with Origin https://").toBeUndefined();
  expect(reply.error).toBe(en["error.csrf"]);
});

test("X-Forwarded-Proto, -For and -Host from a client are not believed", async () => {
  const reply = await attemptSignIn(panel, {
    from: "127.0.0.4",
    headers: { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9" },
  });
  const cookie = cookieSet(reply, SESSION_COOKIE);
  expect(cookie, reply.error).toBeDefined();
  // Secure on plain HTTP would be a lie the client told: over HTTP the cookie is not Secure.
  expect(cookie!.line).not.toMatch(/;\s*secure/i);
  expect(panel.audit("login.ok").at(-1)?.address).toBe("127.0.0.4");
  // A forwarded host naming the rebinding page's name, with its Origin.
  const forwardedHost = await attemptSignIn(panel, { from: "127.0.0.5", origin: `http://${rebound}`, headers: { "x-forwarded-host": rebound } });
  expect(forwardedHost.session).toBeUndefined();
});
