// The lab router's host firewall: which profile it runs (recorded next to its files, so `lab status` and
// `lab down` in another process know), installing it, restarting it, booting it again after a reboot.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Lab } from "../topology";
import { dockerProfile } from "./docker";
import { firewalldProfile } from "./firewalld";
import { nftablesProfile } from "./nftables";
import type { HostFirewallName, HostFirewallProfile } from "./profile";
import { HOST_FIREWALL_ROOT, hostFirewallDir, NO_VIEW, routerArgs, routerHost, type RouterView } from "./router-host";
import { ufwProfile } from "./ufw";

export { HOST_FIREWALLS, type HostFirewallName } from "./profile";

const PROFILES: Record<Exclude<HostFirewallName, "none">, HostFirewallProfile> = {
  nftables: nftablesProfile,
  docker: dockerProfile,
  ufw: ufwProfile,
  firewalld: firewalldProfile,
};

const profileFile = (lab: Lab) => path.join(hostFirewallDir(lab), "profile");

export function hostFirewallOf(lab: Lab): HostFirewallName {
  const file = profileFile(lab);
  return existsSync(file) ? (readFileSync(file, "utf8").trim() as HostFirewallName) : "none";
}

export function hostFirewallSummary(name: HostFirewallName): string {
  return name === "none" ? "none (Lintas is the only firewall)" : `${name}: ${PROFILES[name].summary}`;
}

function profileOf(lab: Lab): HostFirewallProfile | undefined {
  const name = hostFirewallOf(lab);
  return name === "none" ? undefined : PROFILES[name];
}

/** What every program on the lab router sees: its host firewall's files and bus. */
export function routerView(lab: Lab): RouterView {
  return profileOf(lab)?.view(routerHost(lab)) ?? NO_VIEW;
}

/**
 * How to start argv on the lab router as any program there runs: `ip` with these args and this environment;
 * `binds` adds files of the router's own over this machine's (its /etc/hosts).
 */
export function onRouter(lab: Lab, argv: string[], env: Record<string, string> = {}, binds: [string, string][] = []): { args: string[]; env: NodeJS.ProcessEnv } {
  const view = routerView(lab);
  return { args: routerArgs(lab, argv, { ...view, binds: [...view.binds, ...binds] }), env: { ...process.env, ...env, ...view.env } };
}

/** Configures the profile in the lab router and starts it; "none" installs nothing. */
export function installHostFirewall(lab: Lab, name: HostFirewallName): void {
  if (name === "none") return;
  const host = routerHost(lab);
  writeFileSync(profileFile(lab), name);
  PROFILES[name].install(host);
}

/** The host firewall's restart or reload, as its own tools do it. */
export function restartHostFirewall(lab: Lab): void {
  profileOf(lab)?.restart(routerHost(lab));
}

/** After a reboot of the router: its runtime files are gone, it starts from its configuration as at boot. */
export function bootHostFirewall(lab: Lab): void {
  const profile = profileOf(lab);
  if (!profile) return;
  // The runtime files (the RAM) of the processes that ended with the old namespace.
  rmSync(path.join(hostFirewallDir(lab), "run"), { recursive: true, force: true });
  profile.boot(routerHost(lab));
}

/** Removes the profile's files; its daemons ended with the router namespace. */
export function removeHostFirewall(lab: Lab): void {
  rmSync(hostFirewallDir(lab), { recursive: true, force: true });
}

/** Files of labs whose names start with one of `prefixes`, left by runs that crashed; returns the lab names. */
export function removeHostFirewallLeftovers(prefixes: string[]): string[] {
  if (!existsSync(HOST_FIREWALL_ROOT)) return [];
  const doomed = readdirSync(HOST_FIREWALL_ROOT).filter((name) => prefixes.some((p) => name.startsWith(p)));
  for (const name of doomed) rmSync(path.join(HOST_FIREWALL_ROOT, name), { recursive: true, force: true });
  return doomed;
}
