// "ufw": Debian's ufw enabled with its shipped DEFAULT_FORWARD_POLICY="DROP". ufw keeps its state in /etc/ufw,
// /etc/default/ufw and /run/ufw.lock; the router's are private copies in its etc/ and run/, bind-mounted over
// the real paths for every program on the router, so this machine's /etc and /run stay as they are.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROUTER_INTERFACES } from "../topology";
import type { HostFirewallProfile } from "./profile";
import type { RouterHost, RouterView } from "./router-host";

const { lan, wan } = ROUTER_INTERFACES;

const view = (host: RouterHost): RouterView => ({
  binds: [
    [path.join(host.etc, "ufw"), "/etc/ufw"],
    [path.join(host.etc, "default-ufw"), "/etc/default/ufw"],
    [host.privateRun, "/run"],
  ],
  env: {},
});

const ufw = (host: RouterHost, ...args: string[]) => host.exec(["ufw", ...args], view(host));

/** The package's defaults, whatever this machine's own ufw was told: no rules, disabled, forward policy drop. */
function writePackageDefaults(host: RouterHost): void {
  cpSync("/etc/ufw", path.join(host.etc, "ufw"), { recursive: true });
  for (const file of ["user.rules", "user6.rules"]) {
    cpSync(path.join("/usr/share/ufw/iptables", file), path.join(host.etc, "ufw", file));
  }
  cpSync("/usr/share/ufw/ufw.conf", path.join(host.etc, "ufw", "ufw.conf"));
  const defaults = readFileSync("/etc/default/ufw", "utf8").replace(/^DEFAULT_FORWARD_POLICY=.*$/m, 'DEFAULT_FORWARD_POLICY="DROP"');
  writeFileSync(path.join(host.etc, "default-ufw"), defaults);
}

export const ufwProfile: HostFirewallProfile = {
  summary: 'ufw enabled, DEFAULT_FORWARD_POLICY="DROP" (LAN may browse only); private /etc/ufw, /etc/default/ufw, /run',
  view,
  install: (host) => {
    writePackageDefaults(host);
    // A router's usual rules, written while ufw is still disabled: its services from the LAN, the LAN browsing.
    ufw(host, "allow", "in", "on", lan, "proto", "tcp", "to", "any", "port", "22,53,80,443");
    ufw(host, "allow", "in", "on", lan, "proto", "udp", "to", "any", "port", "53,67");
    ufw(host, "route", "allow", "in", "on", lan, "out", "on", wan, "proto", "tcp", "to", "any", "port", "53,80,443");
    ufw(host, "route", "allow", "in", "on", lan, "out", "on", wan, "proto", "udp", "to", "any", "port", "53");
    ufw(host, "--force", "enable");
  },
  // ExecStart= of ufw.service.
  boot: (host) => {
    host.exec(["/lib/ufw/ufw-init", "start", "quiet"], view(host));
  },
  restart: (host) => {
    ufw(host, "reload");
  },
};
