// What this host's kernel and tools can do. Probed, never guessed: a switch whose capability is missing is
// reported unavailable with the reason. The tool part is stable for a boot (callers may cache it, keyed by
// what it depends on: PROBED_TOOLS, the kernel, the namespace); forwarding is a sysctl an admin flips, so it
// is read fresh.
import { readSysctlFlags } from "./sysctl";
import { probeConntrackQuery } from "./ctnetlink";
import { PYTHON } from "./kept-programs";
import { firstLine, withTempFile, type RunResult, type Runner } from "./exec";
import { PROTOCOLS } from "./protocols";

export type Capability = { available: boolean; reason?: string };

export type Capabilities = {
  /** nft present and allowed to create the lintas table. */
  nftables: Capability;
  /** iptables-restore present and allowed to load rules. */
  iptables: Capability;
  /** The kernel answers filtered conntrack queries through the Python helper (needed to list and cut open flows). */
  conntrack: Capability;
  /** Conntrack helpers by name (pptp). */
  helpers: Record<string, Capability>;
  /** The kernel can stop a rule matching at an instant (nft `meta time`, iptables' time match): a switch's deadline is kept by the kernel itself. */
  deadline: Capability;
  /** The ipset program runs and the kernel keeps ipsets: the iptables backend's scopes and blocked attempts. */
  ipset: Capability;
  /** Whether the kernel forwards at all: with forwarding off no switch can let anything through. */
  forwarding: { ipv4: boolean; ipv6: boolean };
};

/** The part of the capabilities that only changes with the kernel, the namespace or these programs. */
export type ToolCapabilities = Omit<Capabilities, "forwarding">;

/** The programs the probe's answer depends on (a cache of it is stale once one of them changes). */
export const PROBED_TOOLS = ["nft", "iptables-restore", "ipset", PYTHON] as const;

const yes: Capability = { available: true };
const no = (reason: string): Capability => ({ available: false, reason });
// Node reports a missing program as 127; `ip netns exec` exits 1 and says so.
const notInstalled = (result: RunResult) => result.code === 127 || /^exec of .* failed: No such file/m.test(result.stderr);

export async function probeCapabilities(runner: Runner): Promise<Capabilities> {
  const [tools, forwarding] = await Promise.all([probeTools(runner), readForwarding(runner)]);
  return { ...tools, forwarding };
}

/** Every program probe at once (each is a check that changes nothing). */
export async function probeTools(runner: Runner): Promise<ToolCapabilities> {
  const helperNames = PROTOCOLS.flatMap((spec) => (spec.helper ? [spec.helper.name] : []));
  const [nftables, iptables, conntrack, nftDeadline, ipset, ...nftHelpers] = await Promise.all([
    probeNft(runner),
    probeIptables(runner),
    probeConntrack(runner),
    probeNftDeadline(runner),
    probeIpset(runner),
    ...helperNames.map((name) => probeNftHelper(runner, name)),
  ]);
  const helpers: Record<string, Capability> = {};
  for (const [i, name] of helperNames.entries()) {
    helpers[name] = nftables.available
      ? nftHelpers[i]!
      : iptables.available
        ? await probeIptablesHelper(runner, name)
        : no("no firewall backend can load rules here, so the helper cannot be checked");
  }
  const deadline = nftables.available
    ? nftDeadline
    : iptables.available
      ? await probeIptablesDeadline(runner)
      : no("no firewall backend can load rules here, so the time match cannot be checked");
  return { nftables, iptables, conntrack, helpers, deadline, ipset };
}

/** The forwarding sysctls of the runner's namespace: read directly in our own, one `sysctl` call in another. */
export async function readForwarding(runner: Runner): Promise<Capabilities["forwarding"]> {
  const [ipv4, ipv6] = await readSysctlFlags(runner, ["net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding"]);
  return { ipv4: ipv4!, ipv6: ipv6! };
}

async function probeNft(runner: Runner): Promise<Capability> {
  // -c sends the batch to the kernel and aborts it: proves permission and nf_tables support, changes nothing.
  const check = await nftCheck(runner, { nftables: [{ add: { table: { family: "inet", name: "lintas_probe" } } }] });
  if (notInstalled(check)) return no("nft is not installed (Debian package nftables)");
  return check.code === 0 ? yes : no(`nft cannot create a table here: ${firstLine(check.stderr)}`);
}

async function probeNftHelper(runner: Runner, helper: string): Promise<Capability> {
  const table = { family: "inet", name: "lintas_probe" };
  const result = await nftCheck(runner, {
    nftables: [
      { add: { table } },
      { add: { "ct helper": { ...table, table: table.name, name: helper, type: helper, protocol: "tcp", l3proto: "ip" } } },
    ],
  });
  return result.code === 0 ? yes : no(`this kernel has no ${helper} conntrack helper (${firstLine(result.stderr)})`);
}

// `meta time` needs kernel 5.4 and nft 0.9.3; the integer is seconds since the epoch (a date string would be local time).
async function probeNftDeadline(runner: Runner): Promise<Capability> {
  const table = { family: "inet", name: "lintas_probe" };
  const result = await nftCheck(runner, {
    nftables: [
      { add: { table } },
      { add: { chain: { ...table, table: table.name, name: "probe" } } },
      { add: { rule: { ...table, table: table.name, chain: "probe", expr: [{ match: { op: "<", left: { meta: { key: "time" } }, right: 1 } }] } } },
    ],
  });
  return result.code === 0 ? yes : no(`this kernel or nft cannot match on time (meta time needs Linux 5.4 and nft 0.9.3): ${firstLine(result.stderr)}`);
}

function nftCheck(runner: Runner, batch: unknown) {
  return withTempFile("probe.json", JSON.stringify(batch), (file) => runner.run(["nft", "-c", "-j", "-f", file]));
}

async function probeIptables(runner: Runner): Promise<Capability> {
  const result = await iptablesTest(runner, "*filter\n:LINTAS_PROBE - [0:0]\nCOMMIT\n");
  if (notInstalled(result)) return no("iptables-restore is not installed (Debian package iptables)");
  return result.code === 0 ? yes : no(`iptables-restore cannot load rules here: ${firstLine(result.stderr)}`);
}

async function probeIptablesHelper(runner: Runner, helper: string): Promise<Capability> {
  const result = await iptablesTest(
    runner,
    `*raw\n:LINTAS_PROBE - [0:0]\n-A LINTAS_PROBE -p tcp -j CT --helper ${helper}\nCOMMIT\n`,
  );
  return result.code === 0 ? yes : no(`this kernel has no ${helper} conntrack helper (${firstLine(result.stderr)})`);
}

async function probeIptablesDeadline(runner: Runner): Promise<Capability> {
  const result = await iptablesTest(runner, "*filter\n:LINTAS_PROBE - [0:0]\n-A LINTAS_PROBE -m time --datestop 2038-01-01T00:00:00\nCOMMIT\n");
  return result.code === 0 ? yes : no(`this kernel has no time match (xt_time): ${firstLine(result.stderr)}`);
}

// Listing the set names reads only: it proves the program and the kernel's ip_set, and changes nothing.
async function probeIpset(runner: Runner): Promise<Capability> {
  const result = await runner.run(["ipset", "list", "-n"]);
  if (notInstalled(result)) return no("ipset is not installed (Debian package ipset)");
  return result.code === 0 ? yes : no(`the kernel keeps no ipsets here: ${firstLine(result.stderr)}`);
}

function iptablesTest(runner: Runner, input: string) {
  return withTempFile("probe.rules", input, (file) => runner.run(["iptables-restore", "--test", "--noflush", file]));
}

async function probeConntrack(runner: Runner): Promise<Capability> {
  const result = await probeConntrackQuery(runner);
  if (notInstalled(result)) return no(`${PYTHON} is not installed (Debian package python3-minimal): open flows cannot be listed or cut`);
  return result.code === 0 ? yes : no(`the kernel does not answer conntrack queries here: ${firstLine(result.stderr)}`);
}
