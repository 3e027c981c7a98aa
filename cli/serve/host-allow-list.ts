// Which Host headers the panel answers to. DNS rebinding makes a victim's browser open the panel's address
// under the attacker's name, so the browser sends that name as Host: only the listen address, the router's
// own names and those given with --name are served, anything else is answered 421 before Next sees it.
import type { ServerResponse } from "node:http";
import { isIPv4, isIPv6 } from "node:net";

/** A host as a Host header or --name gives it: a DNS name or IP address (canonical, lower case), maybe a port. */
export type HostPort = { hostname: string; port?: number };

/** The server a Host header reached: its port, and the port a Host without one means (80 or 443). */
export type Listener = { port: number; defaultPort: number };

const DNS_NAME = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;

/** `name`, `name:port`, `1.2.3.4:port`, `[v6]:port` or a bare IPv6 address; undefined for anything else. */
export function parseHostPort(text: string): HostPort | undefined {
  const lower = text.toLowerCase();
  if (isIPv6(lower)) return { hostname: canonicalIPv6(lower) };
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(lower);
  if (!match) return undefined;
  const [, host, port] = match as unknown as [string, string, string | undefined];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return undefined;
  let hostname: string;
  if (host.startsWith("[")) {
    if (!isIPv6(host.slice(1, -1))) return undefined;
    hostname = canonicalIPv6(host.slice(1, -1));
  } else {
    // "router.lan." (the fully qualified form a browser may send) is "router.lan".
    hostname = host.replace(/\.$/, "");
    if (!isIPv4(hostname) && !DNS_NAME.test(hostname)) return undefined;
  }
  return port === undefined ? { hostname } : { hostname, port: Number(port) };
}

/** As a URL or Host header writes it: IPv6 in brackets, the port when there is one. */
export function formatHost({ hostname, port }: HostPort): string {
  const host = isIPv6(hostname) ? `[${hostname}]` : hostname;
  return port === undefined ? host : `${host}:${port}`;
}

/**
 * The host `header` names when it is one of `allowed` on `listener`, else undefined. An entry without a port
 * stands for the listener's own port; a Host without a port means the scheme's default port. For a trusted
 * proxy ("any port") only the name counts: the proxy says how it was reached.
 */
export function allowedHost(allowed: readonly HostPort[], header: string | undefined, listener: Listener | "any port"): HostPort | undefined {
  const host = header === undefined ? undefined : parseHostPort(header);
  if (!host) return undefined;
  const ok = allowed.some(
    (entry) =>
      entry.hostname === host.hostname && (listener === "any port" || (host.port ?? listener.defaultPort) === (entry.port ?? listener.port)),
  );
  return ok ? host : undefined;
}

/** Headers of the few answers this server gives itself: plain text, never sniffed as a page, never cached. */
export const PLAIN_TEXT = { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff", "cache-control": "no-store" };

/** 421 Misdirected Request: this server is not the one that name belongs to. */
export function misdirected(res: ServerResponse, header: string | undefined): void {
  const shown = header === undefined ? "no Host header" : `Host "${header.slice(0, 100)}"`;
  res.writeHead(421, { ...PLAIN_TEXT, connection: "close" });
  res.end(`421 Misdirected Request: this panel does not answer to ${shown}. Open it by its address or a name it was given (lintas serve --name).\n`);
}

function canonicalIPv6(address: string): string {
  try {
    return new URL(`http://[${address}]`).hostname.slice(1, -1);
  } catch {
    return address; // a zone index (fe80::1%eth0): no URL can carry it, no Host header will name it
  }
}
