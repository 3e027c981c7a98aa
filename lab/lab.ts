// lab up | down | status. Veths are created directly inside the namespaces, so nothing appears in the root
// namespace; up and down are idempotent, and down finds leftovers by their name prefix.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { InputError } from "../lib/errors";
import { appRoot } from "../lib/paths";
import {
  hostFirewallOf,
  hostFirewallSummary,
  installHostFirewall,
  onRouter,
  removeHostFirewall,
  removeHostFirewallLeftovers,
  type HostFirewallName,
} from "./host-firewall/profiles";
import { routerFilesView, writeRouterFiles } from "./router-files";
import { ADDRESSES, ADDRESSES6, namespacesOf, ROUTER_INTERFACES, type Lab } from "./topology";

const ip = (...args: string[]) => execFileSync("ip", args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
const inNs = (ns: string, ...argv: string[]) =>
  execFileSync("ip", ["netns", "exec", ns, ...argv], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });

function listNamespaces(): string[] {
  return ip("netns", "list")
    .split("\n")
    .map((line) => line.split(" ")[0]!)
    .filter(Boolean);
}

export type LabStatus = { up: boolean; namespaces: Record<string, boolean>; routerForwarding: boolean; hostFirewall: HostFirewallName };

export function labStatus(lab: Lab): LabStatus {
  const present = new Set(listNamespaces());
  const namespaces = Object.fromEntries(namespacesOf(lab).map((ns) => [ns, present.has(ns)]));
  const routerForwarding =
    present.has(lab.router) && inNs(lab.router, "sysctl", "-n", "net.ipv4.ip_forward").trim() === "1";
  const up = Object.values(namespaces).every(Boolean) && routerForwarding;
  return { up, namespaces, routerForwarding, hostFirewall: hostFirewallOf(lab) };
}

/** Builds the lab (tearing down a partial one first); a lab that is already up is left as it is. */
export function labUp(lab: Lab, log: (line: string) => void = () => {}): void {
  if (labStatus(lab).up) {
    log(`lab ${lab.prefix} is already up`);
    return;
  }
  labDown(lab);
  buildNamespaces(lab, log);
}

/**
 * A reboot of the lab: every namespace is deleted (its processes killed, its ruleset and conntrack table gone)
 * and built again; the Lintas data dir and the host firewall's configuration stay, as a disk does. Nothing is
 * started: the caller starts the host firewall and Lintas in the order it tests.
 */
export function rebootLab(lab: Lab): void {
  removeNamespaces(lab);
  buildNamespaces(lab);
}

function buildNamespaces(lab: Lab, log: (line: string) => void = () => {}): void {
  const { lan, wan } = ROUTER_INTERFACES;
  log(`creating namespaces ${namespacesOf(lab).join(", ")}`);
  for (const ns of namespacesOf(lab)) {
    ip("netns", "add", ns);
    ip("-n", ns, "link", "set", "lo", "up");
    // No duplicate address detection on the links made next (as nodad does for the addresses): while a link-local
    // address is tentative the router sends no neighbour solicitation for forwarded packets, so routed IPv6 would
    // fail for the first 1-2 s after a (re)boot of the lab.
    inNs(ns, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0");
  }
  log(`router: bridge ${lan} ${ADDRESSES.routerLan}/24 with two LAN hosts, ${wan} ${ADDRESSES.routerWan}/24 to the WAN host`);
  ip("-n", lab.router, "link", "add", lan, "type", "bridge");
  lab.lanHosts.forEach((host, i) => {
    const port = `lan${i + 1}`;
    ip("-n", lab.router, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", host);
    ip("-n", lab.router, "link", "set", port, "master", lan, "up");
    ip("-n", host, "addr", "add", `${ADDRESSES.lanHosts[i]}/24`, "dev", "eth0");
    ip("-n", host, "link", "set", "eth0", "up");
    ip("-n", host, "route", "add", "default", "via", ADDRESSES.routerLan);
    // nodad: usable at once, no duplicate address detection wait.
    ip("-n", host, "addr", "add", `${ADDRESSES6.lanHosts[i]}/64`, "dev", "eth0", "nodad");
    ip("-n", host, "-6", "route", "add", "default", "via", ADDRESSES6.routerLan);
  });
  ip("-n", lab.router, "addr", "add", `${ADDRESSES.routerLan}/24`, "dev", lan);
  ip("-n", lab.router, "addr", "add", `${ADDRESSES6.routerLan}/64`, "dev", lan, "nodad");
  ip("-n", lab.router, "link", "set", lan, "up");
  ip("-n", lab.router, "link", "add", wan, "type", "veth", "peer", "name", "eth0", "netns", lab.wan);
  ip("-n", lab.router, "addr", "add", `${ADDRESSES.routerWan}/24`, "dev", wan);
  ip("-n", lab.router, "addr", "add", `${ADDRESSES6.routerWan}/64`, "dev", wan, "nodad");
  ip("-n", lab.router, "link", "set", wan, "up");
  ip("-n", lab.wan, "addr", "add", `${ADDRESSES.wanHost}/24`, "dev", "eth0");
  ip("-n", lab.wan, "link", "set", "eth0", "up");
  // The WAN host gets no route to 192.168.50.0/24: replies come back only through the router's NAT.
  ip("-n", lab.wan, "addr", "add", `${ADDRESSES6.wanHost}/64`, "dev", "eth0", "nodad");
  ip("-n", lab.wan, "-6", "route", "add", ADDRESSES6.lanPrefix, "via", ADDRESSES6.routerWan);
  inNs(lab.router, "sysctl", "-qw", "net.ipv4.ip_forward=1");
  inNs(lab.router, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
  // New namespaces start with bridge-nf-call-iptables=1, which sends bridged LAN traffic through forward.
  for (const key of ["bridge-nf-call-iptables", "bridge-nf-call-ip6tables", "bridge-nf-call-arptables"]) {
    spawnSync("ip", ["netns", "exec", lab.router, "sysctl", "-qw", `net.bridge.${key}=0`], { stdio: "ignore" });
  }
  mkdirSync(lab.dataDir, { recursive: true });
  writeRouterFiles(lab);
  log(`router up: lan1 ${ADDRESSES.lanHosts[0]}, lan2 ${ADDRESSES.lanHosts[1]}, wan ${ADDRESSES.wanHost} (no route back)`);
}

/**
 * Stops every process in the lab's namespaces (host firewall daemons included), deletes them and the host
 * firewall's files; works after a crash (the names are fixed).
 */
export function labDown(lab: Lab, log: (line: string) => void = () => {}): void {
  const removed = removeNamespaces(lab);
  if (removed.length) log(`removed ${removed.join(", ")}`);
  const hostFirewall = hostFirewallOf(lab);
  removeHostFirewall(lab);
  if (hostFirewall !== "none") log(`removed host firewall ${hostFirewall}`);
}

function removeNamespaces(lab: Lab): string[] {
  const present = new Set(listNamespaces());
  const removed = namespacesOf(lab).filter((ns) => present.has(ns));
  for (const ns of removed) removeNamespace(ns);
  return removed;
}

/**
 * Removes every namespace whose name starts with `prefix` (default: all labs and kernel-test namespaces),
 * for leftovers of runs that crashed before cleaning up. Returns the names removed.
 */
export function removeLeftovers(prefixes: string[] = ["lintas-lab", "lintas-t-"]): string[] {
  const doomed = listNamespaces().filter((ns) => prefixes.some((p) => ns.startsWith(p)));
  for (const ns of doomed) removeNamespace(ns);
  return [...doomed, ...removeHostFirewallLeftovers(prefixes).map((lab) => `host firewall files of ${lab}`)];
}

function removeNamespace(ns: string): void {
  for (const pid of ip("netns", "pids", ns).split("\n").filter(Boolean)) {
    try {
      process.kill(Number(pid), "SIGKILL");
    } catch {
      // already gone
    }
  }
  ip("netns", "del", ns);
}

/** Runs the lab router's own Lintas CLI, exactly as on a router. */
export function routerLintas(lab: Lab, args: string[]) {
  const command = routerLintasCommand(lab, args);
  const result = spawnSync("ip", command.args, { encoding: "utf8", env: command.env });
  return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `ip` arguments and environment that start the router's own Lintas CLI (for long-running verbs: serve, watch),
 * seeing the router's host firewall files and bus as every program on the router does.
 */
export function routerLintasCommand(lab: Lab, args: string[]) {
  const files = routerFilesView(lab);
  return onRouter(lab, [path.join(appRoot(), "bin", "lintas"), ...args], { LINTAS_DATA_DIR: lab.dataDir, LINTAS_BACKEND: lab.backend ?? "", ...files.env }, files.binds);
}

/**
 * Builds the lab and gives its router's Lintas the lab's interfaces; then loads the host firewall profile, if
 * one is named, in the router (as on a host whose firewall starts after Lintas was set up). A lab already up
 * with another profile is refused: profiles are not unloaded, the lab is built again.
 */
export function bringUp(lab: Lab, log: (line: string) => void = () => {}, hostFirewall?: HostFirewallName): void {
  const running = hostFirewallOf(lab);
  if (labStatus(lab).up && hostFirewall !== undefined && running !== "none" && hostFirewall !== running) {
    throw new InputError(`the lab router runs host firewall ${running}: \`lintas lab down\` first, then \`lab up --host-firewall ${hostFirewall}\``);
  }
  labUp(lab, log);
  const { lan, wan } = ROUTER_INTERFACES;
  const network = routerLintas(lab, ["network", "set", "--lan", lan, "--wan", wan, "--masquerade", "on"]);
  if (network.code !== 0) throw new Error(`configuring Lintas in the lab router failed: ${network.stderr}`);
  log(`Lintas in ${lab.router}: LAN ${lan}, WAN ${wan}, masquerade on (data in ${lab.dataDir})`);
  if (hostFirewall === undefined || hostFirewall === hostFirewallOf(lab)) return;
  installHostFirewall(lab, hostFirewall);
  log(`host firewall in ${lab.router}: ${hostFirewallSummary(hostFirewall)}`);
}
