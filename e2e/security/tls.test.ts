// Attack 9 of issue 10, the cure: passwords and cookies crossed the LAN in clear. `lintas serve --tls` serves
// HTTPS with a self-signed certificate whose fingerprint the banner shows, sends plain HTTP there with a 308,
// and marks the session cookie Secure.
import { statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort } from "../../lab/testing/panel-serving";
import { en } from "../../lib/i18n/en";
import { cookieSet, send } from "./http";
import { startPanel, type Panel } from "./panel";
import { attemptSignIn, SESSION_COOKIE } from "./sign-in";

let panel: Panel;
let httpPort: number;
beforeAll(async () => {
  httpPort = await freePort();
  panel = await startPanel({ serveArgs: ["--tls", "--http-port", String(httpPort)] });
});
afterAll(() => panel?.stop());

test("HTTPS with the certificate whose SHA-256 fingerprint the banner shows, naming the listen address", async () => {
  expect(panel.url).toBe(`https://127.0.0.1:${panel.port}`);
  const banner = /certificate SHA-256 fingerprint ([0-9A-F]{2}(?::[0-9A-F]{2}){31})/.exec(panel.log())?.[1];
  expect(banner, panel.log()).toBeDefined();
  const { status, certificate } = await send(`${panel.url}/login`);
  expect(status).toBe(200);
  expect(certificate?.fingerprint256).toBe(banner);
  expect(certificate?.subjectaltname).toContain("IP Address:127.0.0.1");
  for (const file of ["cert.pem", "key.pem"]) {
    expect((statSync(path.join(panel.dataDir, "tls", file)).mode & 0o777).toString(8), file).toBe("600");
  }
});

test("plain HTTP on --http-port answers 308 to the same path over HTTPS", async () => {
  const reply = await send(`http://127.0.0.1:${httpPort}/login?lang=id`);
  expect(reply.status).toBe(308);
  expect(reply.headers.location).toBe(`${panel.url}/login?lang=id`);
});

test("over TLS the session cookie is Secure, and an http:// Origin is refused", async () => {
  const signedIn = await attemptSignIn(panel, { from: "127.0.0.2" });
  expect(cookieSet(signedIn, SESSION_COOKIE)?.line, signedIn.error).toMatch(/;\s*secure/i);
  const downgraded = await attemptSignIn(panel, { origin: panel.url.replace(/^https:/, "http:"), from: "127.0.0.3" });
  expect(downgraded.session).toBeUndefined();
  expect(downgraded.error).toBe(en["error.csrf"]);
});
