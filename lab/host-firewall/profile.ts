// A host firewall profile: one of the firewalls real routers run next to Lintas, set up inside the lab router.
import type { RouterHost, RouterView } from "./router-host";

export const HOST_FIREWALLS = ["none", "nftables", "docker", "ufw", "firewalld"] as const;
export type HostFirewallName = (typeof HOST_FIREWALLS)[number];

export type HostFirewallProfile = {
  /** One line for `lab status`. */
  summary: string;
  /**
   * The router's own files and bus for this firewall, seen by every program run on the router (the firewall's
   * tools, Lintas, the tests' shells): /etc/ufw of the router, not of this machine, for instance.
   */
  view(host: RouterHost): RouterView;
  /** Configures it on the router's disk and starts it, as an admin setting it up does. */
  install(host: RouterHost): void;
  /** Starts it from that configuration, as its systemd unit does at boot. */
  boot(host: RouterHost): void;
  /** Its restart or reload (`systemctl restart nftables`, Docker restarting, `ufw reload`, `firewall-cmd --reload`). */
  restart(host: RouterHost): void;
};
