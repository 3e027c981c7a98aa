// `lintas`: the command line over the same services as the web panel.
// Exit codes: 0 ok, 2 invalid input (nothing changed), 1 apply failed (previous kernel state and config kept).
import { BACKEND_NAMES, type BackendName } from "../netfilter";
import { ApplyFailedError, InputError } from "../lib/errors";
import { applyStored, openFlows, renderStored, setNetwork, setPassthrough, showConfig, status } from "../lib/passthrough";
import { oneOf, onOff, parseArgs } from "./args";
import { formatApply, formatFlows, formatNetwork, formatPassthrough, formatStatus } from "./format";
import { adminCommand } from "./admin-command";
import { LAB_USAGE, labCommand } from "./lab-command";
import { parseSwitchWords, SWITCH_USAGE } from "./passthrough-words";
import { serveCommand } from "./serve-command";

const USAGE = `usage: lintas <command>

  network                                   show the LAN/WAN interfaces
  network set --lan IF[,IF] --wan IF [--masquerade on|off]
  passthrough                               show the switches
  passthrough set ${SWITCH_USAGE}
                                            any subset; saves and applies
  apply                                     apply the stored config (idempotent; run at boot)
  render [--backend nftables|iptables|dry-run]
                                            print what would be applied, apply nothing
  status [--json]                           desired vs kernel per protocol, capabilities, drift
  flows [--json]                            VPN flows open through the router now (conntrack)
  serve [--host ADDR] [--port N]            run the web panel (default: the LAN address, port 80)
  admin set-password USER                   new password on stdin; creates the admin if none exists
${LAB_USAGE}

  --backend NAME on any command overrides the probed backend (also LINTAS_BACKEND).
`;

type Command = (words: string[]) => Promise<string | { output: string; code?: number }>;

function backendFlag(flags: Map<string, string | true>): BackendName | undefined {
  const value = flags.get("backend");
  return typeof value === "string" ? oneOf(value, BACKEND_NAMES, "--backend") : undefined;
}

const commands: Record<string, Command> = {
  lab: labCommand,
  admin: adminCommand,
  serve: serveCommand,

  async network(words) {
    const { positionals, flags } = parseArgs(words, ["lan", "wan", "masquerade", "backend"], []);
    const [verb, ...rest] = positionals;
    if (verb === undefined) return formatNetwork((await showConfig()).network);
    if (verb !== "set" || rest.length > 0) throw new InputError(`unknown words "${positionals.join(" ")}": use \`network set --lan IF --wan IF\``);
    const lan = flags.get("lan");
    const wan = flags.get("wan");
    const masquerade = flags.get("masquerade");
    const report = await setNetwork(
      {
        ...(typeof lan === "string" ? { lanInterfaces: lan.split(",") } : {}),
        ...(typeof wan === "string" ? { wanInterface: wan } : {}),
        ...(typeof masquerade === "string" ? { masquerade: onOff(masquerade, "--masquerade") } : {}),
      },
      { backend: backendFlag(flags) },
    );
    return formatApply(report);
  },

  async passthrough(words) {
    const { positionals, flags } = parseArgs(words, ["backend"], []);
    const [verb, ...rest] = positionals;
    if (verb === undefined) return formatPassthrough((await showConfig()).passthrough);
    if (verb !== "set") throw new InputError(`unknown word "${verb}": use \`passthrough\` or \`passthrough set pptp=on ...\``);
    return formatApply(await setPassthrough(parseSwitchWords(rest), { backend: backendFlag(flags) }));
  },

  async apply(words) {
    const { positionals, flags } = parseArgs(words, ["backend"], []);
    if (positionals.length) throw new InputError(`apply takes no words, got "${positionals.join(" ")}"`);
    return formatApply(await applyStored({ backend: backendFlag(flags) }));
  },

  async render(words) {
    const { positionals, flags } = parseArgs(words, ["backend"], []);
    if (positionals.length) throw new InputError(`render takes no words, got "${positionals.join(" ")}"`);
    return (await renderStored({ backend: backendFlag(flags) })).text.trimEnd();
  },

  async status(words) {
    const { positionals, flags } = parseArgs(words, ["backend"], ["json"]);
    if (positionals.length) throw new InputError(`status takes no words, got "${positionals.join(" ")}"`);
    const report = await status({ backend: backendFlag(flags) });
    return flags.has("json") ? JSON.stringify(report, null, 2) : formatStatus(report);
  },

  async flows(words) {
    const { positionals, flags } = parseArgs(words, [], ["json"]);
    if (positionals.length) throw new InputError(`flows takes no words, got "${positionals.join(" ")}"`);
    const result = await openFlows();
    return flags.has("json") ? JSON.stringify(result, null, 2) : formatFlows(result);
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...words] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  try {
    if (!command) throw new InputError(`unknown command "${name}": accepted commands are ${Object.keys(commands).join(", ")}`);
    const result = await command(words);
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

process.exitCode = await main(process.argv.slice(2));
