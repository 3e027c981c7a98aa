// The web server: Next's request handler behind our own HTTP or HTTPS server, which answers only the allowed
// hosts (421 otherwise, static files included) and sets the forwarded headers the app believes; with TLS and
// an --http-port, a second plain-HTTP server that only redirects to HTTPS.
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Server } from "node:net";
import { allowedHost, misdirected, type HostPort } from "./host-allow-list";
import { peerAddress, setForwardedHeaders } from "./forwarded-headers";
import { redirectToHttps } from "./redirect";

export type ServerSetup = {
  root: string;
  host: string;
  port: number;
  /** The certificate and key: HTTPS on `port`. */
  tls?: { cert: Buffer; key: Buffer };
  httpPort?: number;
  allowed: HostPort[];
  trustedProxies: string[];
};

export async function startServers(setup: ServerSetup): Promise<void> {
  const handle = await nextHandler(setup);
  const tls = setup.tls !== undefined;
  const listener = { port: setup.port, defaultPort: tls ? 443 : 80 };
  const panel: RequestListener = (req, res) => {
    const peer = peerAddress(req.socket.remoteAddress);
    const trustedProxy = setup.trustedProxies.includes(peer);
    setForwardedHeaders(req.headers, { peer, tls, trustedProxy });
    // X-Forwarded-Host is left only by a trusted proxy: the name its client used.
    const host = (req.headers["x-forwarded-host"] as string | undefined) ?? req.headers.host;
    if (!allowedHost(setup.allowed, host, trustedProxy ? "any port" : listener)) return misdirected(res, host);
    void handle(req, res);
  };
  // One by one: a port already taken fails the start before the other listens.
  await listen(setup.tls ? createHttpsServer({ cert: setup.tls.cert, key: setup.tls.key }, panel) : createHttpServer(panel), setup.host, setup.port);
  if (setup.tls && setup.httpPort !== undefined) {
    await listen(createHttpServer(redirectToHttps(setup.allowed, setup.httpPort, setup.port)), setup.host, setup.httpPort);
  }
}

async function nextHandler({ root, host, port }: ServerSetup): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<void>> {
  (process.env as Record<string, string>).NODE_ENV = "production";
  // tsx (or --enable-source-maps) makes Node read and keep the source map of every module it loads; Next ships
  // one with full sources for each of its files: ~35 MiB the server holds for nothing (stack traces in the
  // log then point into the built files, as with `next start`).
  process.setSourceMapsEnabled(false);
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: root, hostname: host, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  return (req, res) => handle(req, res);
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
}
