// Capabilities for pure tests (render, plan): a kernel that can do everything, and one without the pptp helper.
import type { Capabilities } from "./capabilities";

export const everything: Capabilities = {
  nftables: { available: true },
  iptables: { available: true },
  conntrack: { available: true },
  helpers: { pptp: { available: true } },
  forwarding: { ipv4: true, ipv6: true },
};

export const noPptpHelper: Capabilities = {
  ...everything,
  helpers: { pptp: { available: false, reason: "this kernel has no pptp conntrack helper" } },
};
