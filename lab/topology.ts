// The lab: a Linux router built from network namespaces. Two LAN hosts on the router's bridge, one WAN host
// with no route back to the LAN, so LAN traffic returns only if the router NATs it.
import path from "node:path";
import { appRoot } from "../lib/paths";

export const ADDRESSES = {
  routerLan: "192.168.50.1",
  lanHosts: ["192.168.50.10", "192.168.50.11"],
  routerWan: "203.0.113.1",
  wanHost: "203.0.113.2",
} as const;

// IPv6 is routed, not NATed: the WAN host routes the LAN prefix back through the router, as the internet does.
// Passthrough switches must hold for it too (the Lintas table is inet: one ruleset for both families).
export const ADDRESSES6 = {
  lanPrefix: "2001:db8:50::/64",
  routerLan: "2001:db8:50::1",
  lanHosts: ["2001:db8:50::10", "2001:db8:50::11"],
  routerWan: "2001:db8:113::1",
  wanHost: "2001:db8:113::2",
} as const;

export const ROUTER_INTERFACES = { lan: "br-lan", wan: "wan0" } as const;

export type Lab = {
  /** Every namespace name starts with it, so `down` finds them all even after a crash. */
  prefix: string;
  router: string;
  lanHosts: [string, string];
  wan: string;
  /** LINTAS_DATA_DIR of the Lintas that runs inside the router. */
  dataDir: string;
  /** LINTAS_BACKEND of that Lintas; empty = probed (nftables here). */
  backend?: "nftables" | "iptables";
};

export const DEFAULT_LAB_PREFIX = "lintas-lab";

export function labNamed(prefix = DEFAULT_LAB_PREFIX, dataDir = path.join(appRoot(), "data", "lab"), backend?: Lab["backend"]): Lab {
  return {
    backend,
    prefix,
    router: `${prefix}-router`,
    lanHosts: [`${prefix}-lan1`, `${prefix}-lan2`],
    wan: `${prefix}-wan`,
    dataDir,
  };
}

export const namespacesOf = (lab: Lab) => [lab.router, ...lab.lanHosts, lab.wan];
