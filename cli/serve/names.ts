// The names the panel answers to (its Host allow-list) and the ones its certificate names: the listen address
// (every interface's address when listening on all), the router's hostname, "localhost" when listening on
// loopback (no other host can be reached by that name), and each --name; the certificate also names every LAN
// address, where the panel is reached when it listens on all of them.
import { hostname, networkInterfaces } from "node:os";
import { parseHostPort, type HostPort } from "./host-allow-list";

export type PanelNames = { allowed: HostPort[]; certificate: string[] };

export function panelNames(listenHost: string, names: readonly HostPort[], lanAddresses: readonly string[]): PanelNames {
  const listen = isWildcard(listenHost) ? interfaceAddresses().filter(notLinkLocal) : [listenHost];
  const loopback = listen.some(isLoopback) ? ["localhost"] : [];
  const own = [...listen, ...loopback, hostname()].flatMap((text) => parseHostPort(text) ?? []);
  const allowed = unique([...own, ...names], (h) => `${h.hostname} ${h.port}`);
  const lan = lanAddresses.filter(notLinkLocal).flatMap((text) => parseHostPort(text) ?? []);
  const certificate = unique([...allowed, ...lan], (h) => h.hostname).map((h) => h.hostname);
  return { allowed, certificate };
}

export const isLoopback = (host: string) => /^(127\.|::1$|localhost$)/.test(host);

// No browser opens a URL with an IPv6 link-local address, and a bridge's changes with its MAC (as ports come
// and go): in the certificate it would only make it be made again.
const notLinkLocal = (address: string) => !/^fe[89ab][0-9a-f]:/i.test(address);

const isWildcard = (host: string) => host === "0.0.0.0" || host === "::";

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((addresses) => (addresses ?? []).map((a) => a.address));
}

function unique<T>(items: T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}
