// The router's addresses as the panel needs them: where to listen by default (the LAN address, never the WAN),
// and which addresses its certificate names.
import { commandRunner } from "../../netfilter/exec";
import { InputError } from "../../lib/errors";
import { showConfig } from "../../lib/passthrough";

/** The first IPv4 address of the first LAN interface; loopback when the network is not configured. */
export async function lanAddress(): Promise<string> {
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

/** Every address of every LAN interface (none when the network is not configured). */
export async function lanAddresses(): Promise<string[]> {
  const { network } = await showConfig();
  return (await Promise.all((network?.lanInterfaces ?? []).map((lan) => addressesOf(lan)))).flat();
}

/** Why `host` would let the WAN reach the admin panel, if it would. */
export async function wanExposure(host: string): Promise<string | undefined> {
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
