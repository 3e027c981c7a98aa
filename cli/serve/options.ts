// How the panel listens, from `lintas serve`'s flags, checked once; `lintas install` takes the same flags and
// writes them back into the panel's unit (listenArgs).
import { isIP } from "node:net";
import { InputError } from "../../lib/errors";
import { portFlag, type Parsed } from "../args";
import { formatHost, parseHostPort, type HostPort } from "./host-allow-list";

export type ListenOptions = {
  /** The listen address; absent: the LAN address. */
  host?: string;
  port: number;
  tls: boolean;
  /** With TLS: plain HTTP on this port answers 308 to HTTPS. */
  httpPort?: number;
  /** More names the panel answers to (--name), with a port when it is reached on another one (a relay). */
  names: HostPort[];
  /** Peers whose X-Forwarded-* headers are believed. */
  trustedProxies: string[];
};

export const LISTEN_VALUED = ["host", "port", "http-port"] as const;
export const LISTEN_REPEATED = ["name", "trusted-proxy"] as const;
const DEFAULT_HTTP_PORT = 80;

/** The listen options in `parsed`; `tls` as the caller's own flag says (serve: --tls, install: --tls on|off). */
export function listenOptions({ flags, lists }: Parsed, tls: boolean): ListenOptions {
  const host = flags.get("host") as string | undefined;
  const listen = host === undefined ? undefined : parseHostPort(host);
  if (host !== undefined && (!listen || listen.port !== undefined)) {
    throw new InputError(`bad value "${host}" for --host: an address of this router (or 0.0.0.0, ::)`, "host");
  }
  const port = portFlag(flags, tls ? 443 : 80);
  if (!tls && flags.has("http-port")) throw new InputError("--http-port redirects plain HTTP to HTTPS: only with --tls", "http-port");
  const httpPort = !tls || flags.get("http-port") === "off" ? undefined : portFlag(flags, DEFAULT_HTTP_PORT, "http-port");
  if (httpPort === port) throw new InputError(`--http-port ${httpPort} is the panel's --port too: choose another, or --http-port off`, "http-port");
  const names = (lists.get("name") ?? []).map((text) => {
    const name = parseHostPort(text);
    if (!name) throw new InputError(`bad value "${text}" for --name: a DNS name or an IP address, maybe with :PORT (router.lan, localhost:8080)`, "name");
    return name;
  });
  const trustedProxies = (lists.get("trusted-proxy") ?? []).map((text) => {
    if (!isIP(text)) throw new InputError(`bad value "${text}" for --trusted-proxy: the IP address of a reverse proxy in front of the panel`, "trusted-proxy");
    return parseHostPort(text)!.hostname;
  });
  return { host, port, tls, httpPort, names, trustedProxies };
}

/** The `lintas serve` words for `options` (what install writes into the panel's unit). */
export function listenArgs(options: ListenOptions): string[] {
  return [
    ...(options.tls ? ["--tls"] : []),
    ...(options.host ? ["--host", options.host] : []),
    "--port", String(options.port),
    ...(options.tls && options.httpPort !== DEFAULT_HTTP_PORT ? ["--http-port", options.httpPort === undefined ? "off" : String(options.httpPort)] : []),
    ...options.names.flatMap((name) => ["--name", formatHost(name)]),
    ...options.trustedProxies.flatMap((address) => ["--trusted-proxy", address]),
  ];
}

/** Every port the panel listens on. */
export const listenPorts = (options: ListenOptions) => [options.port, ...(options.httpPort === undefined ? [] : [options.httpPort])];
