// `lintas lab up|down|status|probe|host-firewall|router ...`: the namespace router lab, by hand. Root only.
import { InputError } from "../lib/errors";
import { HOST_FIREWALLS, hostFirewallSummary, restartHostFirewall } from "../lab/host-firewall/profiles";
import { bringUp, labDown, labStatus, removeLeftovers, routerLintas } from "../lab/lab";
import { formatProbeTable, probe, tableRow, type TableRow } from "../lab/probes";
import { startIpsecPeers, strongswanMissing } from "../lab/strongswan";
import { ADDRESSES, labNamed, type Lab } from "../lab/topology";
import { oneOf, parseArgs } from "./args";

export async function labCommand(words: string[]): Promise<{ output: string; code?: number }> {
  if (process.getuid?.() !== 0) throw new InputError("the lab creates network namespaces: run it as root");
  const lab = labNamed();
  const [verb, ...rest] = words;
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  switch (verb) {
    case "up": {
      const { positionals, flags } = parseArgs(rest, ["host-firewall"], []);
      if (positionals.length) throw new InputError(`unknown words "${positionals.join(" ")}": use \`lab up [--host-firewall NAME]\``);
      const hostFirewall = flags.get("host-firewall");
      bringUp(lab, log, typeof hostFirewall === "string" ? oneOf(hostFirewall, HOST_FIREWALLS, "--host-firewall") : undefined);
      log(`next: bin/lintas lab router passthrough set pptp=on, then bin/lintas lab probe`);
      return { output: lines.join("\n") };
    }
    case "down":
      if (rest[0] === "--all") {
        const removed = removeLeftovers();
        return { output: removed.length ? `removed ${removed.join(", ")}` : "no lab or test namespaces found" };
      }
      if (rest.length) throw new InputError(`unknown words "${rest.join(" ")}": use \`lab down\` or \`lab down --all\``);
      labDown(lab, log);
      return { output: lines.join("\n") || "the lab is not up" };
    case "status": {
      const status = labStatus(lab);
      const namespaces = Object.entries(status.namespaces).map(([ns, ok]) => `  ${ns}: ${ok ? "present" : "missing"}`);
      const hostFirewall = `  host firewall: ${hostFirewallSummary(status.hostFirewall)}`;
      return { output: [`lab ${status.up ? "up" : "down"}`, ...namespaces, hostFirewall].join("\n") };
    }
    case "probe": {
      if (!labStatus(lab).up) throw new InputError("the lab is not up: run `lintas lab up` first");
      const switches = routerLintas(lab, ["passthrough"]).stdout.trim();
      const rows = (await probe(lab)).map(tableRow);
      rows.push(await tunnelRow(lab));
      const table = formatProbeTable(rows);
      return { output: `lab router switches:\n${switches}\n\nLAN ${ADDRESSES.lanHosts.join(", ")} -> WAN ${ADDRESSES.wanHost}:\n${table}` };
    }
    case "host-firewall": {
      if (rest.join(" ") !== "restart") throw new InputError(`unknown words "${rest.join(" ")}": use \`lab host-firewall restart\``);
      const status = labStatus(lab);
      if (!status.up) throw new InputError("the lab is not up: run `lintas lab up --host-firewall NAME` first");
      if (status.hostFirewall === "none") throw new InputError("the lab router runs no host firewall: `lintas lab up --host-firewall NAME`");
      restartHostFirewall(lab);
      return { output: `host firewall ${status.hostFirewall} restarted in ${lab.router}` };
    }
    case "router": {
      if (!labStatus(lab).up) throw new InputError("the lab is not up: run `lintas lab up` first");
      const result = routerLintas(lab, rest);
      process.stderr.write(result.stderr);
      return { output: result.stdout.trimEnd(), code: result.code };
    }
    default:
      throw new InputError(`unknown lab command "${verb ?? ""}": accepted are up, down, status, probe, host-firewall, router`);
  }
}

async function tunnelRow(lab: Lab): Promise<TableRow> {
  const check = "IKEv2 tunnel (strongSwan, NAT-T) + ping";
  const missing = strongswanMissing();
  if (missing.length) return { protocol: "ipsec", check, result: `not run: ${missing.join("; ")}` };
  // A charon that does not start (a plugin that fails to load, a config swanctl refuses) is the client's failure.
  const peers = await startIpsecPeers(lab).catch((error: Error) => error);
  if (peers instanceof Error) return { protocol: "ipsec", check, result: `not run: ${peers.message}` };
  try {
    const up = (await peers.initiate(4000)) && (await peers.ping());
    return { protocol: "ipsec", check, result: up ? "pass" : "blocked" };
  } finally {
    peers.stop();
  }
}
