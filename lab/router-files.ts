// The lab router's own files that name things, as a real router keeps them: its DHCP server's lease file (the
// lab's LAN hosts have fixed addresses; these are the leases dnsmasq would have written for them) and /etc/hosts
// naming the WAN host as a VPN server. They live on the router's "disk" (router-host.ts); Lintas on the router
// reads the leases through LINTAS_DHCP_LEASES and sees the hosts file over /etc/hosts.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { routerHost } from "./host-firewall/router-host";
import { ADDRESSES, ADDRESSES6, type Lab } from "./topology";

/** The names the LAN hosts lease their addresses under: lan1 is the laptop, lan2 the phone. */
export const LAN_DEVICE_NAMES = ["laptop", "phone"] as const;
/** The WAN host's name in the router's /etc/hosts. */
export const WAN_SERVER_NAME = "vpn.lab.test";

const leasesFile = (lab: Lab) => path.join(routerHost(lab).etc, "dnsmasq.leases");
const hostsFile = (lab: Lab) => path.join(routerHost(lab).etc, "hosts");

/** Writes the leases (with the LAN hosts' MACs, new at every build) and the hosts file. */
export function writeRouterFiles(lab: Lab): void {
  const expiry = Math.floor(Date.now() / 1000) + 86_400;
  const leases = lab.lanHosts.map((host, i) => {
    const [link] = JSON.parse(execFileSync("ip", ["-n", host, "-j", "link", "show", "eth0"], { encoding: "utf8" })) as { address: string }[];
    return `${expiry} ${link!.address} ${ADDRESSES.lanHosts[i]} ${LAN_DEVICE_NAMES[i]} 01:${link!.address}\n`;
  });
  writeFileSync(leasesFile(lab), leases.join(""));
  writeFileSync(hostsFile(lab), `127.0.0.1 localhost\n::1 localhost\n${ADDRESSES.wanHost} ${WAN_SERVER_NAME}\n${ADDRESSES6.wanHost} ${WAN_SERVER_NAME}\n`);
}

/** What Lintas on the router is given to see those files. */
export function routerFilesView(lab: Lab): { env: Record<string, string>; binds: [string, string][] } {
  return { env: { LINTAS_DHCP_LEASES: leasesFile(lab) }, binds: [[hostsFile(lab), "/etc/hosts"]] };
}
