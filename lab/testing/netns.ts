// Throwaway network namespaces for kernel tests. Names are prefixed "lintas-t-" so leftovers of a crashed run
// are recognisable; every namespace is deleted when its test ends.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { commandRunner, type Runner } from "../../netfilter/exec";

export function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new Error("kernel tests need root (they create network namespaces); CI runs as root. Run `sudo npm test`.");
  }
}

export type TestNetns = { name: string; runner: Runner; sh(script: string): string; remove(): void };

/** A namespace with lo up and, when asked, a LAN bridge and a WAN veth (no traffic, names only). */
export function createNetns(tag: string, options: { lan?: string[]; wan?: string } = {}): TestNetns {
  requireRoot();
  const name = `lintas-t-${tag}-${randomBytes(3).toString("hex")}`;
  execFileSync("ip", ["netns", "add", name]);
  const sh = (script: string) => execFileSync("ip", ["netns", "exec", name, "sh", "-ec", script], { encoding: "utf8" });
  sh("ip link set lo up");
  for (const lan of options.lan ?? []) sh(`ip link add ${lan} type bridge && ip link set ${lan} up`);
  if (options.wan) sh(`ip link add ${options.wan} type veth peer name ${options.wan}-peer && ip link set ${options.wan} up`);
  return {
    name,
    runner: commandRunner(name),
    sh,
    remove: () => execFileSync("ip", ["netns", "del", name]),
  };
}

/** The root namespace's firewall, to prove tests leave it as they found it. */
export function rootFirewall(): string {
  const run = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      return `${cmd} failed: ${(error as Error).message}`;
    }
  };
  const strip = (text: string) => text.replace(/^#.*$/gm, "");
  return [run("nft", ["list", "ruleset"]), strip(run("iptables-save", [])), strip(run("ip6tables-save", [])), run("ipset", ["list", "-n"])].join("\n--\n");
}
