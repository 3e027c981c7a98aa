// With --tls, plain HTTP on --http-port only sends browsers to HTTPS: 308 (the method and body are kept) to the
// same path on the name the browser used, for the allowed names only. It serves nothing itself; no-store so a
// browser does not keep the redirect once the admin serves plain HTTP again.
import type { RequestListener } from "node:http";
import { allowedHost, formatHost, misdirected, PLAIN_TEXT, type HostPort } from "./host-allow-list";

export function redirectToHttps(allowed: readonly HostPort[], httpPort: number, httpsPort: number): RequestListener {
  return (req, res) => {
    const host = allowedHost(allowed, req.headers.host, { port: httpPort, defaultPort: 80 });
    if (!host) return misdirected(res, req.headers.host);
    const target = `https://${formatHost({ hostname: host.hostname, port: httpsPort === 443 ? undefined : httpsPort })}`;
    const location = `${target}${req.url?.startsWith("/") ? req.url : "/"}`;
    res.writeHead(308, { ...PLAIN_TEXT, location });
    res.end(`The panel is served over HTTPS: ${location}\n`);
  };
}
