// Capabilities for pure tests (render, plan): a kernel that can do everything, one without the pptp helper, and
// one that cannot match on time (a switch's deadline then kept by the watcher only).
import type { Capabilities } from "./capabilities";

export const everything: Capabilities = {
  nftables: { available: true },
  iptables: { available: true },
  conntrack: { available: true },
  helpers: { pptp: { available: true } },
  deadline: { available: true },
  ipset: { available: true },
  forwarding: { ipv4: true, ipv6: true },
};

export const noPptpHelper: Capabilities = {
  ...everything,
  helpers: { pptp: { available: false, reason: "this kernel has no pptp conntrack helper" } },
};

export const noTimeMatch: Capabilities = {
  ...everything,
  deadline: { available: false, reason: "this kernel or nft cannot match on time" },
};
