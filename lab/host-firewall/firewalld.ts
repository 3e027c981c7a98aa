// "firewalld": Debian's firewalld (nftables backend) in the lab router, LAN in zone internal and WAN in zone
// external (permanent), no policy between them: firewalld rejects forwarding from one zone to another. The router
// has a private system bus (its own dbus-daemon in the router namespace), a private copy of /etc/firewalld (bound
// over it, and given to firewalld with --system-config) and a private /run: this machine's are never used.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROUTER_INTERFACES } from "../topology";
import type { HostFirewallProfile } from "./profile";
import type { RouterHost, RouterView } from "./router-host";

const ZONES = "/usr/lib/firewalld/zones";
const START_TIMEOUT_MS = 15_000;
// The lab's set-up is synchronous (test set-up and the CLI wait for it anyway).
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const busSocket = (host: RouterHost) => path.join(host.run, "bus.sock");
const configDir = (host: RouterHost) => path.join(host.etc, "firewalld");

// The router's system bus is its private dbus-daemon; its /etc/firewalld and /run are private copies too.
const view = (host: RouterHost): RouterView => ({
  binds: [
    [configDir(host), "/etc/firewalld"],
    [host.privateRun, "/run"],
  ],
  env: { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${busSocket(host)}` },
});

const firewallCmd = (host: RouterHost, ...args: string[]) => host.exec(["firewall-cmd", ...args], view(host));

/** The shipped zone with the router's interface (what `firewall-cmd --permanent --add-interface` writes) and services. */
function zoneFile(zone: string, iface: string, services: string[]): string {
  const extra = [`<interface name="${iface}"/>`, ...services.map((s) => `<service name="${s}"/>`)].map((line) => `  ${line}\n`).join("");
  return readFileSync(path.join(ZONES, `${zone}.xml`), "utf8").replace("</zone>", `${extra}</zone>`);
}

function writeConfig(host: RouterHost): void {
  const config = configDir(host);
  cpSync("/etc/firewalld", config, { recursive: true });
  const conf = path.join(config, "firewalld.conf");
  writeFileSync(conf, readFileSync(conf, "utf8").replace(/^FirewallBackend=.*$/m, "FirewallBackend=nftables"));
  mkdirSync(path.join(config, "zones"), { recursive: true });
  writeFileSync(path.join(config, "zones", "internal.xml"), zoneFile("internal", ROUTER_INTERFACES.lan, ["http", "https", "dns"]));
  writeFileSync(path.join(config, "zones", "external.xml"), zoneFile("external", ROUTER_INTERFACES.wan, []));
}

// Only root connects (the socket lies in a root-only directory); it may own any name and talk to anyone.
const busConfig = (socket: string) => `<busconfig><type>system</type><listen>unix:path=${socket}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow user="root"/><allow own="*"/><allow send_destination="*"/><allow receive_sender="*"/></policy></busconfig>
`;

function boot(host: RouterHost): void {
  const busConf = path.join(host.run, "bus.conf");
  writeFileSync(busConf, busConfig(busSocket(host)));
  host.exec(["dbus-daemon", `--config-file=${busConf}`, "--fork"]);
  const log = path.join(host.run, "firewalld.log");
  host.daemon("firewalld", ["firewalld", "--nofork", "--nopid", "--system-config", configDir(host), "--log-target", "file", "--log-file", log], view(host));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      if (firewallCmd(host, "--state").trim() === "running") return;
    } catch {
      // not on the bus yet
    }
    if (Date.now() > deadline) throw new Error(`firewalld did not start in ${START_TIMEOUT_MS / 1000} s; its log: ${log}`);
    sleep(50);
  }
}

export const firewalldProfile: HostFirewallProfile = {
  summary: "firewalld (nftables backend): br-lan in zone internal, wan0 in zone external, no policy between them; private D-Bus",
  install: (host) => {
    writeConfig(host);
    boot(host);
  },
  view,
  boot,
  restart: (host) => {
    firewallCmd(host, "--reload");
  },
};
