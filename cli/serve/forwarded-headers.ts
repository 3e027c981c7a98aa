// Who connected, and how. The app takes the client's address from X-Forwarded-For, the scheme (Secure cookies,
// the Origin check) from X-Forwarded-Proto and Next its host from X-Forwarded-Host; they can be believed only
// because this server sets them. A client's own forwarded headers are dropped, unless the socket's peer is a
// proxy the admin named with --trusted-proxy: then its values stand and ours only fill in what it left out.
import type { IncomingHttpHeaders } from "node:http";

export type Connection = { peer: string; tls: boolean; trustedProxy: boolean };

const FORWARDED = /^(x-forwarded-.*|forwarded|x-real-ip)$/;

export function setForwardedHeaders(headers: IncomingHttpHeaders, connection: Connection): void {
  if (!connection.trustedProxy) {
    for (const name of Object.keys(headers)) if (FORWARDED.test(name)) delete headers[name];
  }
  headers["x-forwarded-for"] ??= connection.peer;
  const proto = headers["x-forwarded-proto"];
  if (proto !== "http" && proto !== "https") headers["x-forwarded-proto"] = connection.tls ? "https" : "http";
}

/** A socket's remote address as the admin writes it: IPv4 clients of a dual-stack socket without "::ffff:". */
export const peerAddress = (address: string | undefined) => (address ?? "").replace(/^::ffff:(?=\d+\.)/, "");
