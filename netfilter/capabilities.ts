// What this host's kernel and tools can do. Probed, never guessed: a switch whose capability is missing is
// reported unavailable with the reason.
import { commandRunner, firstLine, withTempFile, type Runner } from "./exec";
import { PROTOCOLS } from "./protocols";

export type Capability = { available: boolean; reason?: string };

export type Capabilities = {
  /** nft present and allowed to create the lintas table. */
  nftables: Capability;
  /** iptables-restore present and allowed to load rules. */
  iptables: Capability;
  /** conntrack tool present and allowed to list entries (needed to cut open flows). */
  conntrack: Capability;
  /** Conntrack helpers by name (pptp). */
  helpers: Record<string, Capability>;
  /** Whether the kernel forwards at all: with forwarding off no switch can let anything through. */
  forwarding: { ipv4: boolean; ipv6: boolean };
};

const yes: Capability = { available: true };
const no = (reason: string): Capability => ({ available: false, reason });

export async function probeCapabilities(runner: Runner = commandRunner()): Promise<Capabilities> {
  const [nftables, iptables, conntrack] = await Promise.all([probeNft(runner), probeIptables(runner), probeConntrack(runner)]);
  const helpers: Record<string, Capability> = {};
  for (const spec of PROTOCOLS) {
    if (!spec.helper) continue;
    helpers[spec.helper.name] = nftables.available
      ? await probeNftHelper(runner, spec.helper.name)
      : iptables.available
        ? await probeIptablesHelper(runner, spec.helper.name)
        : no("no firewall backend can load rules here, so the helper cannot be checked");
  }
  return { nftables, iptables, conntrack, helpers, forwarding: await probeForwarding(runner) };
}

async function probeForwarding(runner: Runner): Promise<Capabilities["forwarding"]> {
  const read = async (key: string) => (await runner.run(["sysctl", "-n", key])).stdout.trim() === "1";
  const [ipv4, ipv6] = await Promise.all([read("net.ipv4.ip_forward"), read("net.ipv6.conf.all.forwarding")]);
  return { ipv4, ipv6 };
}

async function probeNft(runner: Runner): Promise<Capability> {
  const version = await runner.run(["nft", "--version"]);
  if (version.code === 127) return no("nft is not installed (Debian package nftables)");
  // -c sends the batch to the kernel and aborts it: proves permission and nf_tables support, changes nothing.
  const check = await nftCheck(runner, { nftables: [{ add: { table: { family: "inet", name: "lintas_probe" } } }] });
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

function nftCheck(runner: Runner, batch: unknown) {
  return withTempFile("probe.json", JSON.stringify(batch), (file) => runner.run(["nft", "-c", "-j", "-f", file]));
}

async function probeIptables(runner: Runner): Promise<Capability> {
  const result = await iptablesTest(runner, "*filter\n:LINTAS_PROBE - [0:0]\nCOMMIT\n");
  if (result.code === 127) return no("iptables-restore is not installed (Debian package iptables)");
  return result.code === 0 ? yes : no(`iptables-restore cannot load rules here: ${firstLine(result.stderr)}`);
}

async function probeIptablesHelper(runner: Runner, helper: string): Promise<Capability> {
  const result = await iptablesTest(
    runner,
    `*raw\n:LINTAS_PROBE - [0:0]\n-A LINTAS_PROBE -p tcp -j CT --helper ${helper}\nCOMMIT\n`,
  );
  return result.code === 0 ? yes : no(`this kernel has no ${helper} conntrack helper (${firstLine(result.stderr)})`);
}

function iptablesTest(runner: Runner, input: string) {
  return withTempFile("probe.rules", input, (file) => runner.run(["iptables-restore", "--test", "--noflush", file]));
}

async function probeConntrack(runner: Runner): Promise<Capability> {
  const result = await runner.run(["conntrack", "-C"]);
  if (result.code === 127) return no("conntrack is not installed (Debian package conntrack): open flows cannot be cut");
  return result.code === 0 ? yes : no(`conntrack cannot read the connection table: ${firstLine(result.stderr)}`);
}
