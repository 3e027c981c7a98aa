// "nftables": a strict /etc/nftables.conf (lab/host-firewall/nftables.conf), loaded as nftables.service loads it.
import { copyFileSync } from "node:fs";
import path from "node:path";
import { appRoot } from "../../lib/paths";
import type { HostFirewallProfile } from "./profile";
import type { RouterHost, RouterView } from "./router-host";

// From the app root, not this file: the CLI runs this module bundled in dist/.
const SHIPPED_CONF = path.join(appRoot(), "lab", "host-firewall", "nftables.conf");

const view = (host: RouterHost): RouterView => ({ binds: [[path.join(host.etc, "nftables.conf"), "/etc/nftables.conf"]], env: {} });

// ExecStart= and ExecReload= of Debian's nftables.service: the file's `flush ruleset` deletes every table.
const load = (host: RouterHost) => {
  host.exec(["nft", "-f", "/etc/nftables.conf"], view(host));
};

export const nftablesProfile: HostFirewallProfile = {
  summary: "strict /etc/nftables.conf: table inet filter, forward policy drop (LAN may browse only), ip nat; nft -f as nftables.service",
  view,
  install: (host) => {
    copyFileSync(SHIPPED_CONF, path.join(host.etc, "nftables.conf"));
    load(host);
  },
  boot: load,
  restart: load,
};
