// `lintas`: the command line over the same services as the web panel. Each verb's modules are evaluated when
// that verb runs, so `--help` loads nothing and a switch loads only the apply path; the startup snapshot holds
// the everyday verbs' modules evaluated already.
// Exit codes: 0 ok, 2 invalid input (nothing changed), 1 apply failed (previous kernel state and config kept).
import { ApplyFailedError, InputError } from "../lib/errors";
import { runAsDataOwner } from "./as-data-owner";
import { SCOPE_USAGE, SWITCH_USAGE } from "./passthrough-words";
import { buildingSnapshot, prepareSnapshot } from "./startup-snapshot";

const USAGE = `usage: lintas <command>

  network                                   show the LAN/WAN interfaces
  network set --lan IF[,IF] --wan IF [--masquerade on|off] [--host-firewall open|report]
  passthrough                               show the switches
  passthrough set ${SWITCH_USAGE}
                                            any subset; saves and applies; --for: the protocols turned on
                                            turn themselves off after that long (without: on until turned off)
  ${SCOPE_USAGE}
                                            who may use a protocol, to where (a list replaced; '' or --clear:
                                            everyone, everywhere); names resolve at apply time; no option: show
  passthrough reminder [DAYS]               flag a switch on for more than DAYS days (default 30); no DAYS: show
  apply                                     apply the stored config (idempotent; run at boot)
  render [--backend nftables|iptables|dry-run]
                                            print what would be applied, apply nothing
  status [--json]                           desired vs kernel per protocol, the host firewall, capabilities, drift
  flows [--json | --watch]                  VPN flows open through the router now (conntrack); --watch: live,
                                            with LAN device names, bytes, blocked attempts and advice, until Ctrl-C
  trace pptp|ipsec|l2tp [--from LAN_ADDRESS] [--seconds N] [--json]
                                            follow that protocol's packets through every firewall table
                                            for N seconds (default 10, at most 60): where each dies or leaves
  watch                                     keep the kernel holding the stored config: re-apply it when the
                                            ruleset loses it (firewall reload, flush ruleset, boot order)
  serve [--host ADDR] [--port N] [--tls] [--http-port N|off] [--name NAME[:PORT]]... [--trusted-proxy ADDR]...
                                            run the web panel and the watcher (default: the LAN address, port 80;
                                            --tls: HTTPS on 443, a self-signed certificate in the data dir's tls/,
                                            HTTP on --http-port (80) redirecting); it answers only to its address,
                                            the hostname and each --name (421 otherwise)
  admin set-password USER                   new password on stdin; creates the admin if none exists
  admin reset-totp USER                     turn that admin's two-factor sign-in off (lost authenticator)
  install [--panel on|off] [--tls on|off] [serve's --host, --port, --http-port, --name, --trusted-proxy]
          [--root DIR] [--dry-run]          run as services (root): user lintas, /var/lib/lintas, systemd units;
                                            the panel serves HTTPS (--tls on) unless told otherwise
  uninstall [--purge] [--root DIR] [--dry-run]
                                            remove the rules and the units; --purge also the data and the user
  lab up [--host-firewall none|nftables|docker|ufw|firewalld] | down | status
                                            the namespace router lab (root), with a host firewall next to Lintas
  lab host-firewall restart                 restart the lab router's host firewall as its own tools do
  lab down --all                            remove every lab and test namespace left by crashed runs
  lab probe                                 send VPN traffic (and a strongSwan tunnel) through the lab router
  lab router <lintas command>               run Lintas inside the lab router, e.g. lab router passthrough set pptp=on

  --backend NAME on any command overrides the probed backend (also LINTAS_BACKEND).
`;

type Command = (words: string[]) => Promise<string | { output: string; code?: number }>;

const commands: Record<string, () => Promise<Command>> = {
  network: async () => (await import("./change-commands")).networkCommand,
  passthrough: async () => (await import("./change-commands")).passthroughCommand,
  apply: async () => (await import("./change-commands")).applyCommand,
  render: async () => (await import("./inspect-commands")).renderCommand,
  status: async () => (await import("./inspect-commands")).statusCommand,
  flows: async () => (await import("./inspect-commands")).flowsCommand,
  trace: async () => (await import("./trace-command")).traceCommand,
  watch: async () => (await import("./watch-command")).watchCommand,
  serve: async () => (await import("./serve/command")).serveCommand,
  admin: async () => (await import("./admin-command")).adminCommand,
  lab: async () => (await import("./lab-command")).labCommand,
  install: async () => (await import("./install/install-command")).installCommand,
  uninstall: async () => (await import("./install/install-command")).uninstallCommand,
};

/** Verbs that manage the system itself and stay root; every other verb root runs as the data dir's owner. */
const ROOT_VERBS = new Set(["lab", "install", "uninstall"]);

async function main(argv: string[]): Promise<number> {
  const [name, ...words] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (load && !ROOT_VERBS.has(name)) {
    const code = runAsDataOwner(argv);
    if (code !== undefined) return code;
  }
  try {
    if (!load) throw new InputError(`unknown command "${name}": accepted commands are ${Object.keys(commands).join(", ")}`);
    const result = await (await load())(words);
    const { output, code = 0 } = typeof result === "string" ? { output: result } : result;
    if (output) process.stdout.write(output + "\n");
    return code;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`lintas: ${error.message}\nnothing was changed\n`);
      return 2;
    }
    if (error instanceof ApplyFailedError) {
      process.stderr.write(`lintas: apply failed: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function start(argv: string[]): void {
  // Whoever reads the output may stop early (`lintas flows | head -5`): then stop quietly, as a shell tool does.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
  void main(argv).then((code) => {
    process.exitCode = code;
  });
}

// The everyday verbs' modules, evaluated into the startup snapshot (cli/startup-snapshot.ts).
const SNAPSHOT_VERBS = ["network", "passthrough", "apply", "render", "status", "flows"];

if (buildingSnapshot()) prepareSnapshot(() => Promise.all(SNAPSHOT_VERBS.map((verb) => commands[verb]!())), start);
else start(process.argv.slice(2));
