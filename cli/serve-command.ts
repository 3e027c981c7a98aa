// `lintas serve [--host ADDR] [--port N]`: the production web server, what an init system runs, and the watcher
// (as `lintas watch` runs it), so a router with the panel needs nothing else. Without --host it listens on the
// router's LAN address only: the panel is never reachable from the WAN by default.
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { commandRunner } from "../netfilter/exec";
import { issueSetupCode } from "../lib/auth/setup";
import { InputError } from "../lib/errors";
import { appRoot } from "../lib/paths";
import { showConfig } from "../lib/passthrough";
import { startWatcher } from "../lib/watch/watcher";
import { parseArgs, portFlag } from "./args";
import { untilSignalled, watchLog } from "./watch-command";

export async function serveCommand(words: string[]): Promise<never> {
  const { positionals, flags } = parseArgs(words, ["host", "port"], []);
  if (positionals.length) throw new InputError(`serve takes no words, got "${positionals.join(" ")}"`);
  const port = portFlag(flags, 80);
  const host = typeof flags.get("host") === "string" ? (flags.get("host") as string) : await lanAddress();
  const root = appRoot();
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new InputError("the web panel is not built: run `npm run build` (npm start builds it)");
  }
  const exposure = await wanExposure(host);
  if (exposure) process.stderr.write(`lintas: warning: ${exposure}\n`);
  await startServer(root, host, port);
  process.stdout.write(`lintas: serving the panel on http://${host.includes(":") ? `[${host}]` : host}:${port}\n`);
  await issueAndPrintSetupCode();
  const watcher = startWatcher({ host: "lintas serve", log: watchLog });
  await untilSignalled();
  await watcher.stop();
  process.exit(0); // the web server's open connections would keep the process alive
}

// Next's own server takes X-Forwarded-For from the client when present; ours overwrites it with the socket's
// address, so the audit log and the per-address throttle see who really connected.
async function startServer(root: string, host: string, port: number): Promise<void> {
  (process.env as Record<string, string>).NODE_ENV = "production";
  // tsx (or --enable-source-maps) makes Node read and keep the source map of every module it loads; Next ships
  // one with full sources for each of its files: ~35 MiB the server holds for nothing (stack traces in the
  // log then point into the built files, as with `next start`).
  process.setSourceMapsEnabled(false);
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: root, hostname: host, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    req.headers["x-forwarded-for"] = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
}

/** While no admin exists, a one-time setup code is printed here (and only here). */
async function issueAndPrintSetupCode(): Promise<void> {
  const code = await issueSetupCode();
  if (code) {
    process.stdout.write(`lintas: no admin account yet. Open the panel and enter this one-time setup code: ${code}\n`);
  }
}

/** The first IPv4 address of the first LAN interface; loopback when the network is not configured. */
async function lanAddress(): Promise<string> {
  const { network } = await showConfig();
  if (!network) {
    process.stderr.write("lintas: the network is not configured: serving on 127.0.0.1 only\n");
    return "127.0.0.1";
  }
  const lan = network.lanInterfaces[0]!;
  const address = (await addressesOf(lan, "-4"))[0];
  if (!address) throw new InputError(`LAN interface "${lan}" has no IPv4 address to serve on: give --host`, "host");
  return address;
}

/** Why `host` would let the WAN reach the admin panel, if it would. */
async function wanExposure(host: string): Promise<string | undefined> {
  if (host === "0.0.0.0" || host === "::") return `listening on every interface (${host}), the WAN included: admin access from the internet is one firewall mistake away; prefer the LAN address`;
  const { network } = await showConfig();
  if (network && (await addressesOf(network.wanInterface)).includes(host)) {
    return `${host} is the WAN interface's address: the admin panel is exposed to the internet`;
  }
  return undefined;
}

async function addressesOf(device: string, ...family: string[]): Promise<string[]> {
  const result = await commandRunner().run(["ip", "-j", ...family, "addr", "show", "dev", device]);
  if (result.code !== 0) return [];
  return (JSON.parse(result.stdout) as { addr_info: { local: string }[] }[]).flatMap((link) => link.addr_info.map((a) => a.local));
}
