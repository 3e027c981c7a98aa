// `lintas serve [--host A] [--port N] [--tls] [--http-port N] [--name NAME]... [--trusted-proxy ADDR]...`: the
// production web server, what an init system runs, and the watcher (as `lintas watch` runs it), so a router
// with the panel needs nothing else. Without --host it listens on the router's LAN address only: the panel is
// never reachable from the WAN by default.
import { existsSync } from "node:fs";
import path from "node:path";
import { sealLegacySecrets } from "../../lib/auth/second-factor";
import { issueSetupCode } from "../../lib/auth/setup";
import { InputError } from "../../lib/errors";
import { appRoot, dataDir } from "../../lib/paths";
import { startWatcher } from "../../lib/watch/watcher";
import { startKernelTrafficSampler } from "../../lib/traffic/start";
import { keepHelperPrograms } from "../../netfilter/kept-programs";
import { parseArgs } from "../args";
import { untilSignalled, watchLog } from "../watch-command";
import { lanAddress, lanAddresses, wanExposure } from "./addresses";
import { panelCertificate } from "./certificate";
import { formatHost } from "./host-allow-list";
import { isLoopback, panelNames } from "./names";
import { LISTEN_REPEATED, LISTEN_VALUED, listenOptions } from "./options";
import { startServers } from "./server";

export async function serveCommand(words: string[]): Promise<never> {
  const parsed = parseArgs(words, LISTEN_VALUED, ["tls"], LISTEN_REPEATED);
  if (parsed.positionals.length) throw new InputError(`serve takes no words, got "${parsed.positionals.join(" ")}"`);
  const options = listenOptions(parsed, parsed.flags.has("tls"));
  // A panel lives long: its conntrack queries and its commands (nft...) go to kept helper programs.
  keepHelperPrograms();
  const host = options.host ?? (await lanAddress());
  const root = appRoot();
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new InputError("the web panel is not built: run `npm run build` (npm start builds it)");
  }
  const exposure = await wanExposure(host);
  if (exposure) process.stderr.write(`lintas: warning: ${exposure}\n`);
  const names = panelNames(host, options.names, await lanAddresses());
  const certificate = options.tls ? panelCertificate(path.join(dataDir(), "tls"), names.certificate) : undefined;
  for (const note of certificate?.notes ?? []) process.stderr.write(`lintas: ${note}\n`);
  await startServers({ root, host, port: options.port, tls: certificate, httpPort: options.httpPort, allowed: names.allowed, trustedProxies: options.trustedProxies });

  const url = (scheme: string, port: number) => `${scheme}://${formatHost({ hostname: host, port })}`;
  // One write: whoever waits for "serving the panel on" has the fingerprint in the same chunk.
  const banner = [
    `serving the panel on ${url(options.tls ? "https" : "http", options.port)}`,
    ...(certificate ? [`certificate SHA-256 fingerprint ${certificate.fingerprint}`] : []),
    ...(options.httpPort !== undefined ? [`${url("http", options.httpPort)} redirects to HTTPS`] : []),
    `answering to ${names.allowed.map(formatHost).join(", ")} (more with --name)`,
  ];
  process.stdout.write(banner.map((line) => `lintas: ${line}\n`).join(""));
  if (!options.tls && !isLoopback(host)) {
    process.stderr.write("lintas: warning: plain HTTP: passwords and session cookies cross the network in clear; serve with --tls\n");
  }
  await issueAndPrintSetupCode();
  sealLegacySecrets();
  const watcher = startWatcher({ host: "lintas serve", log: watchLog });
  const sampler = startKernelTrafficSampler({});
  await untilSignalled();
  sampler.stop();
  await watcher.stop();
  process.exit(0); // the web server's open connections would keep the process alive
}

/** While no admin exists, a one-time setup code is printed here (and only here). */
async function issueAndPrintSetupCode(): Promise<void> {
  const code = await issueSetupCode();
  if (code) {
    process.stdout.write(`lintas: no admin account yet. Open the panel and enter this one-time setup code: ${code}\n`);
  }
}
