// `lintas serve` proven over real sockets: real server processes on loopback addresses (127.0.0.x, free high
// ports), each with its own temp data dir and the dry-run backend (no firewall is touched). The Host allow-list
// (421 before Next, static files included), forwarded headers from clients and from a trusted proxy, the
// Origin check's scheme, Secure cookies, HTTPS with the certificate it makes or the admin's own, and the
// redirect from plain HTTP.
import { spawn, spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { checkServerIdentity, connect, type PeerCertificate } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginForm } from "../../lab/testing/login-form";
import { rootFirewall } from "../../lab/testing/netns";
import { freePort, untilServing } from "../../lab/testing/panel-serving";

const root = path.join(import.meta.dirname, "..", "..");
const bin = path.join(root, "bin", "lintas");
const USER = "admin";
const PASSWORD = "serve-test passphrase 41";
const CSRF_REFUSED = "This request did not come from this panel and was refused.";
const dataDirs: string[] = [];
let rootBefore: string;

beforeAll(() => {
  rootBefore = rootFirewall();
});
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  expect(rootFirewall()).toBe(rootBefore);
});

const env = (dataDir: string) => ({ ...process.env, LINTAS_DATA_DIR: dataDir, LINTAS_BACKEND: "dry-run", NEXT_TELEMETRY_DISABLED: "1" });

function lintas(dataDir: string, args: string[], input?: string) {
  const result = spawnSync(bin, args, { env: env(dataDir), input, encoding: "utf8" });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** A fresh data dir with the admin made. */
function newDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "lintas-serve-"));
  dataDirs.push(dir);
  expect(lintas(dir, ["admin", "set-password", USER], `${PASSWORD}\n`).code).toBe(0);
  return dir;
}

type Served = { log: () => string; stop(): Promise<void> };

async function serve(dataDir: string, args: string[]): Promise<Served> {
  // Under umask 000: the modes of what it makes (the certificate's) are its own doing.
  const server = spawn("sh", ["-c", 'umask 000 && exec "$0" "$@"', bin, "serve", ...args], { env: env(dataDir), stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  server.stdout.on("data", (chunk) => (log += chunk));
  server.stderr.on("data", (chunk) => (log += chunk));
  const closed = new Promise((resolve) => server.once("close", resolve));
  await untilServing(server, 60_000);
  return {
    log: () => log,
    async stop() {
      server.kill("SIGTERM");
      await closed;
    },
  };
}

/** Where requests go: an address and port, over TLS trusting `ca` (the panel's certificate) when given. */
type Target = { address: string; port: number; ca?: Buffer };
type Reply = { status: number; headers: IncomingHttpHeaders; body: string };
type Sent = { method?: string; headers?: Record<string, string>; body?: Buffer; localAddress?: string };

function send(target: Target, urlPath: string, sent: Sent = {}): Promise<Reply> {
  const request = target.ca ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        ...{ host: target.address, port: target.port, path: urlPath, method: sent.method ?? "GET", headers: sent.headers, localAddress: sent.localAddress },
        // Verified for the address connected to, whatever Host the request names.
        ...(target.ca ? { ca: target.ca, checkServerIdentity: (_: string, cert: PeerCertificate) => checkServerIdentity(target.address, cert) } : {}),
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.once("error", reject);
    req.end(sent.body);
  });
}

/** Posts the login form as a browser without JavaScript does; the session cookie set, if any. */
async function signIn(target: Target, origin: string, sent: Omit<Sent, "body" | "method"> = {}): Promise<{ cookie?: string; body: string }> {
  const page = await send(target, "/login", sent);
  expect(page.status).toBe(200);
  const encoded = new Response(loginForm(page.body, USER, PASSWORD));
  const reply = await send(target, "/login", {
    ...sent,
    method: "POST",
    headers: { ...sent.headers, origin, "content-type": encoded.headers.get("content-type")! },
    body: Buffer.from(await encoded.arrayBuffer()),
  });
  return { cookie: (reply.headers["set-cookie"] ?? []).find((c) => c.startsWith("lintas_session=")), body: reply.body };
}

const isSecure = (cookie: string) => cookie.split(";").some((attribute) => attribute.trim().toLowerCase() === "secure");
const STATIC_FILE = `/_next/static/chunks/${readdirSync(path.join(root, ".next", "static", "chunks")).find((f) => f.endsWith(".js"))}`;
const FINGERPRINT = /certificate SHA-256 fingerprint ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})\n/;

describe("plain HTTP: Host allow-list and forwarded headers", () => {
  const address = "127.0.0.21";
  const proxy = "127.0.0.98";
  let target: Target;
  let served: Served;

  beforeAll(async () => {
    target = { address, port: await freePort(address) };
    const args = ["--host", address, "--port", String(target.port), "--name", "panel.test", "--name", "relay.test:8080", "--trusted-proxy", proxy];
    served = await serve(newDataDir(), args);
  }, 90_000);
  afterAll(() => served?.stop());

  it("answers its address, the hostname, localhost (on loopback) and each --name; any other Host gets 421, static files too", async () => {
    const { port } = target;
    const allowed = [`${address}:${port}`, `panel.test:${port}`, `PANEL.test.:${port}`, `${hostname()}:${port}`, `localhost:${port}`, "relay.test:8080"];
    // A name's port counts: the relay's name on the panel's own port, the address on the default port, are not it.
    const foreign = [`rebind.evil:${port}`, `relay.test:${port}`, address, `${address}:${port + 1}`, `panel.test.evil:${port}`, `evil@${address}:${port}`];
    for (const host of allowed) {
      expect((await send(target, "/login", { headers: { host } })).status, host).toBe(200);
      expect((await send(target, STATIC_FILE, { headers: { host } })).status, host).toBe(200);
    }
    for (const host of foreign) {
      const page = await send(target, "/login", { headers: { host } });
      expect(page.status, host).toBe(421);
      expect(page.body).toContain("421 Misdirected Request: this panel does not answer to");
      expect((await send(target, STATIC_FILE, { headers: { host } })).status, host).toBe(421);
    }
    expect(served.log()).toContain(`answering to ${address}, localhost, ${hostname()}, panel.test, relay.test:8080`);
  });

  it("a client's X-Forwarded-Proto, -Host and -For are dropped: no Secure cookie over HTTP, no foreign host let in", async () => {
    const spoofed = { "x-forwarded-proto": "https", "x-forwarded-host": "rebind.evil", "x-forwarded-for": "203.0.113.9", forwarded: "proto=https" };
    const own = `http://${address}:${target.port}`;
    const session = await signIn(target, own, { headers: spoofed });
    expect(session.cookie).toBeDefined();
    expect(isSecure(session.cookie!)).toBe(false);
    // The scheme it claimed is not the connection's: an https:// Origin is not this panel's.
    const claimed = await signIn(target, `https://${address}:${target.port}`, { headers: spoofed });
    expect(claimed.cookie).toBeUndefined();
    expect(claimed.body).toContain(CSRF_REFUSED);
  });

  it("a --trusted-proxy's forwarded headers are believed (HTTPS at the proxy: Secure cookie), its host still checked", async () => {
    const viaProxy = { localAddress: proxy, headers: { "x-forwarded-proto": "https", "x-forwarded-host": "panel.test", "x-forwarded-for": "192.0.2.7" } };
    const session = await signIn(target, "https://panel.test", viaProxy);
    expect(session.cookie).toBeDefined();
    expect(isSecure(session.cookie!)).toBe(true);
    const rebound = await send(target, "/login", { ...viaProxy, headers: { ...viaProxy.headers, "x-forwarded-host": "rebind.evil" } });
    expect(rebound.status).toBe(421);
    // The same headers from any other peer are the client's own: dropped, so that Origin is not this panel's.
    expect((await signIn(target, "https://panel.test", { headers: viaProxy.headers })).cookie).toBeUndefined();
  });
});

describe("HTTPS (--tls) with the certificate it makes", () => {
  const address = "127.0.0.22";
  let dataDir: string;
  let args: string[];
  let target: Target;
  let httpPort: number;
  let served: Served;
  let fingerprint: string;
  const tlsDir = () => path.join(dataDir, "tls");

  beforeAll(async () => {
    dataDir = newDataDir();
    // The dry-run backend only checks that the interfaces exist: lo is the LAN, so its addresses are LAN addresses.
    const wan = readdirSync("/sys/class/net").find((name) => name !== "lo")!;
    expect(lintas(dataDir, ["network", "set", "--lan", "lo", "--wan", wan, "--masquerade", "on"]).code).toBe(0);
    const port = await freePort(address);
    httpPort = await freePort(address);
    args = ["--tls", "--host", address, "--port", String(port), "--http-port", String(httpPort), "--name", "panel.test"];
    served = await serve(dataDir, args);
    target = { address, port, ca: readFileSync(path.join(tlsDir(), "cert.pem")) };
  }, 90_000);
  afterAll(() => served?.stop());

  it("serves the certificate the banner names: self-signed, for the address, LAN addresses, hostname and --names; key 0600", async () => {
    const banner = served.log();
    expect(banner).toContain(`lintas: serving the panel on https://${address}:${target.port}\n`);
    expect(banner).toContain("lintas: made a self-signed certificate");
    fingerprint = FINGERPRINT.exec(banner)![1]!;
    const served509 = await peerCertificate(target);
    expect(served509.fingerprint256).toBe(fingerprint);
    expect(served509.raw.equals(new X509Certificate(target.ca!).raw)).toBe(true);
    const names = served509.subjectAltName!.split(", ");
    for (const name of [`IP Address:${address}`, "IP Address:127.0.0.1", "IP Address:0:0:0:0:0:0:0:1", `DNS:${hostname()}`, "DNS:localhost", "DNS:panel.test"]) {
      expect(names).toContain(name);
    }
    const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);
    expect([mode(tlsDir()), mode(path.join(tlsDir(), "key.pem")), mode(path.join(tlsDir(), "cert.pem"))]).toEqual(["700", "600", "600"]);
    // Verified as a browser that trusts it would: the address is in its names.
    expect((await send(target, "/login")).status).toBe(200);
  });

  it("refuses an http:// Origin (the same host and port, the wrong scheme); with https:// the session cookie is Secure", async () => {
    const wrongScheme = await signIn(target, `http://${address}:${target.port}`);
    expect(wrongScheme.cookie).toBeUndefined();
    expect(wrongScheme.body).toContain(CSRF_REFUSED);
    const session = await signIn(target, `https://${address}:${target.port}`);
    expect(session.cookie).toBeDefined();
    expect(isSecure(session.cookie!)).toBe(true);
  });

  it("answers a foreign Host 421 over TLS too, static files included", async () => {
    for (const file of ["/login", STATIC_FILE]) {
      expect((await send(target, file, { headers: { host: `rebind.evil:${target.port}` } })).status).toBe(421);
      expect((await send(target, file, { headers: { host: `panel.test:${target.port}` } })).status).toBe(200);
    }
  });

  it("plain HTTP on --http-port answers 308 to the same URL over HTTPS, by the name used; a foreign Host 421", async () => {
    const plain = { address, port: httpPort };
    const redirect = await send(plain, "/vpn?tab=1", { method: "POST", headers: { host: `panel.test:${httpPort}` } });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe(`https://panel.test:${target.port}/vpn?tab=1`);
    expect((await send(plain, "/login")).headers.location).toBe(`https://${address}:${target.port}/login`);
    expect((await send(plain, "/login", { headers: { host: `rebind.evil:${httpPort}` } })).status).toBe(421);
    expect(served.log()).toContain(`lintas: http://${address}:${httpPort} redirects to HTTPS\n`);
  });

  it("keeps its certificate across restarts, and makes a new one when a --name is not in it", async () => {
    await served.stop();
    served = await serve(dataDir, args);
    expect(FINGERPRINT.exec(served.log())![1]).toBe(fingerprint);
    expect(served.log()).not.toContain("self-signed certificate");
    await served.stop();
    served = await serve(dataDir, [...args, "--name", "router.test"]);
    expect(served.log()).toContain("lintas: made a new self-signed certificate: the old one did not name router.test");
    const renewed = FINGERPRINT.exec(served.log())![1]!;
    expect(renewed).not.toBe(fingerprint);
    const served509 = await peerCertificate(target);
    expect(served509.fingerprint256).toBe(renewed);
    expect(served509.subjectAltName).toContain("DNS:router.test");
  }, 90_000);
});

describe("HTTPS with the admin's own certificate", () => {
  const address = "127.0.0.23";
  let dataDir: string;
  let target: Target;
  let served: Served;
  let own: { cert: Buffer; key: Buffer };

  beforeAll(async () => {
    dataDir = newDataDir();
    const tls = path.join(dataDir, "tls");
    mkdirSync(tls);
    const made = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
      "-keyout", path.join(tls, "key.pem"), "-out", path.join(tls, "cert.pem"), "-subj", "/CN=own.test", "-addext", "subjectAltName=DNS:own.test"]);
    expect(made.status).toBe(0);
    chmodSync(path.join(tls, "key.pem"), 0o644); // as a careless copy leaves it
    own = { cert: readFileSync(path.join(tls, "cert.pem")), key: readFileSync(path.join(tls, "key.pem")) };
    const port = await freePort(address);
    served = await serve(dataDir, ["--tls", "--host", address, "--port", String(port), "--http-port", "off", "--name", "own.test"]);
    target = { address, port, ca: own.cert };
  }, 90_000);
  afterAll(() => served?.stop());

  it("is served as it is (its fingerprint in the banner), its key made 0600, the names it lacks warned about", async () => {
    const log = served.log();
    const fingerprint = new X509Certificate(own.cert).fingerprint256;
    expect(FINGERPRINT.exec(log)![1]).toBe(fingerprint);
    expect((await peerCertificate(target)).fingerprint256).toBe(fingerprint);
    expect(readFileSync(path.join(dataDir, "tls", "cert.pem")).equals(own.cert)).toBe(true);
    expect(readFileSync(path.join(dataDir, "tls", "key.pem")).equals(own.key)).toBe(true);
    expect((statSync(path.join(dataDir, "tls", "key.pem")).mode & 0o777).toString(8)).toBe("600");
    expect(log).toContain("key.pem was readable by others (mode 644): made 0600");
    expect(log).toContain(`warning: the certificate does not name ${address}, localhost, ${hostname()}`);
    expect(log).not.toContain("redirects to HTTPS");
  });
});

describe("bad input: exit 2 with the reason, nothing served", () => {
  it.each([
    [["--http-port", "8080"], "--http-port redirects plain HTTP to HTTPS: only with --tls"],
    [["--tls", "--port", "8443", "--http-port", "8443"], "--http-port 8443 is the panel's --port too: choose another, or --http-port off"],
    [["--name", "bad/name"], 'bad value "bad/name" for --name: a DNS name or an IP address, maybe with :PORT'],
    [["--trusted-proxy", "proxy.lan"], 'bad value "proxy.lan" for --trusted-proxy: the IP address of a reverse proxy'],
    [["--host", "127.0.0.1:80"], 'bad value "127.0.0.1:80" for --host'],
    [["--tls", "--http-port", "0"], 'bad value "0" for --http-port: accepted values are 1-65535'],
  ])("serve %j", (args, message) => {
    const r = lintas(newDataDir(), ["serve", ...args]);
    expect(r.err).toContain(message);
    expect(r.code).toBe(2);
  });

  it("a certificate without its key", () => {
    const dataDir = newDataDir();
    mkdirSync(path.join(dataDir, "tls"));
    writeFileSync(path.join(dataDir, "tls", "cert.pem"), "");
    const r = lintas(dataDir, ["serve", "--tls", "--host", "127.0.0.24"]);
    expect(r.err).toContain(`${dataDir}/tls/cert.pem is there but ${dataDir}/tls/key.pem is not: put both`);
    expect(r.code).toBe(2);
  });
});

/** The certificate the server presents, taken without trusting it. */
function peerCertificate({ address, port }: Target): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerX509Certificate()!);
      socket.end();
    });
    socket.once("error", reject);
  });
}
