// The LAN devices the router knows: names and addresses from DHCP leases (dnsmasq's format, what OpenWrt and
// most Debian routers keep), MACs and every current address (IPv6 too) from the neighbour table. A scope names a
// device by name or MAC; these say which addresses that is now.
import { firstLine, type Runner } from "./exec";
import { formatIp, parseIp } from "./ip";

export type Lease = { mac?: string; address: string; hostname?: string };
export type Neighbour = { address: string; mac: string; dev: string };
/** One device: its name when a lease gives one, its MAC, and the addresses it uses now. */
export type Device = { name?: string; mac?: string; addresses: string[] };

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** An address in canonical text, or undefined for one a device cannot be reached at through the router (link-local). */
function forwardable(text: string): string | undefined {
  const address = parseIp(text);
  if (!address || (address.family === "ipv6" && address.value >> 118n === 0x3fan)) return undefined;
  return formatIp(address.family, address.value);
}

/**
 * dnsmasq's lease file: `expiry mac address hostname client-id` per IPv4 lease; DHCPv6 leases have an IAID where
 * the MAC is (after a `duid` line). A hostname `*` is none.
 */
export function parseLeases(text: string): Lease[] {
  return text.split("\n").flatMap((line) => {
    const [, hardware, addressText, hostname] = line.trim().split(/\s+/);
    const address = addressText && forwardable(addressText);
    if (!address) return [];
    const mac = hardware?.toLowerCase();
    return [{ address, ...(mac && MAC.test(mac) && { mac }), ...(hostname && hostname !== "*" && { hostname: hostname.toLowerCase() }) }];
  });
}

/** `ip -j neigh show`: entries with a link-layer address (not FAILED or INCOMPLETE ones). */
export function parseNeighbours(json: string): Neighbour[] {
  const entries = JSON.parse(json || "[]") as { dst?: string; dev?: string; lladdr?: string }[];
  return entries.flatMap(({ dst, dev, lladdr }) => {
    const address = dst && forwardable(dst);
    const mac = lladdr?.toLowerCase();
    return address && dev && mac && MAC.test(mac) ? [{ address, mac, dev }] : [];
  });
}

export async function listNeighbours(runner: Runner): Promise<Neighbour[]> {
  const result = await runner.run(["ip", "-j", "neigh", "show"]);
  if (result.code !== 0) throw new Error(`cannot read the neighbour table: ${firstLine(result.stderr)}`);
  return parseNeighbours(result.stdout);
}

/**
 * The devices on the LAN interfaces: one per MAC (leases and neighbours joined by it), with the lease's name,
 * plus leases without a MAC (DHCPv6) under their name.
 */
export function lanDevices(leases: readonly Lease[], neighbours: readonly Neighbour[], lanInterfaces: readonly string[]): Device[] {
  const byMac = new Map<string, { name?: string; addresses: Set<string> }>();
  const byName = new Map<string, Set<string>>();
  const device = (mac: string) => byMac.get(mac) ?? byMac.set(mac, { addresses: new Set() }).get(mac)!;
  for (const lease of leases) {
    if (lease.mac) {
      const found = device(lease.mac);
      found.addresses.add(lease.address);
      found.name ??= lease.hostname;
    } else if (lease.hostname) {
      (byName.get(lease.hostname) ?? byName.set(lease.hostname, new Set()).get(lease.hostname)!).add(lease.address);
    }
  }
  for (const n of neighbours) if (lanInterfaces.includes(n.dev)) device(n.mac).addresses.add(n.address);
  const devices: Device[] = [...byMac].map(([mac, d]) => ({ ...(d.name && { name: d.name }), mac, addresses: [...d.addresses] }));
  for (const [name, addresses] of byName) {
    const named = devices.find((d) => d.name === name);
    if (named) named.addresses.push(...[...addresses].filter((a) => !named.addresses.includes(a)));
    else devices.push({ name, addresses: [...addresses] });
  }
  return devices;
}

/** The addresses a scope's device entry (a name or a MAC, lower case) stands for now: every device that matches. */
export function deviceAddresses(devices: readonly Device[], entry: string): string[] {
  const key = MAC.test(entry) ? "mac" : "name";
  return [...new Set(devices.filter((d) => d[key] === entry).flatMap((d) => d.addresses))];
}
