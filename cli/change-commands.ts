// `lintas network|passthrough [set ...]` and `lintas apply`: show the stored config, or change it and apply.
import { applyStored, setNetwork, setPassthrough, showConfig } from "../lib/passthrough";
import { cliActor } from "../lib/audit";
import { InputError } from "../lib/errors";
import { loadReminderDays, saveReminderDays } from "../lib/reminder";
import { HOST_FIREWALL_MODES } from "../netfilter/config";
import { backendFlag, onOff, oneOf, parseArgs } from "./args";
import { formatApply, formatNetwork, formatPassthrough, formatScopes } from "./format";
import { parseSwitchWords, withExpiry } from "./passthrough-words";
import { parseScopeWords } from "./scope-words";

export async function networkCommand(words: string[]): Promise<string> {
  const { positionals, flags } = parseArgs(words, ["lan", "wan", "masquerade", "host-firewall", "backend"], []);
  const [verb, ...rest] = positionals;
  if (verb === undefined) return formatNetwork((await showConfig()).network);
  if (verb !== "set" || rest.length > 0) throw new InputError(`unknown words "${positionals.join(" ")}": use \`network set --lan IF --wan IF\``);
  const lan = flags.get("lan");
  const wan = flags.get("wan");
  const masquerade = flags.get("masquerade");
  const hostFirewall = flags.get("host-firewall");
  const report = await setNetwork(
    {
      ...(typeof lan === "string" ? { lanInterfaces: lan.split(",") } : {}),
      ...(typeof wan === "string" ? { wanInterface: wan } : {}),
      ...(typeof masquerade === "string" ? { masquerade: onOff(masquerade, "--masquerade") } : {}),
      ...(typeof hostFirewall === "string" ? { hostFirewall: oneOf(hostFirewall, HOST_FIREWALL_MODES, "--host-firewall") } : {}),
    },
    { backend: backendFlag(flags) },
  );
  return formatApply(report, await report.flowsCut);
}

export async function passthroughCommand(words: string[]): Promise<string> {
  if (words[0] === "scope") return scopeCommand(words.slice(1));
  if (words[0] === "reminder") return reminderCommand(words.slice(1));
  const { positionals, flags } = parseArgs(words, ["backend", "for"], []);
  const [verb, ...rest] = positionals;
  if (verb === undefined) return formatPassthrough((await showConfig()).passthrough);
  if (verb !== "set") throw new InputError(`unknown word "${verb}": use \`passthrough\`, \`passthrough set pptp=on ...\` or \`passthrough scope ...\``);
  const duration = flags.get("for");
  const changes = withExpiry(parseSwitchWords(rest), typeof duration === "string" ? duration : undefined);
  const report = await setPassthrough(changes, { backend: backendFlag(flags) });
  return formatApply(report, await report.flowsCut);
}

/** `passthrough scope [PROTOCOL]` shows scopes; with --allow-lan, --allow-server or --clear it changes one and applies. */
async function scopeCommand(words: string[]): Promise<string> {
  const { protocol, changes, flags } = parseScopeWords(words);
  if (!changes) return formatScopes((await showConfig()).passthrough, protocol);
  const report = await setPassthrough(changes, { backend: backendFlag(flags) });
  return `${formatApply(report, await report.flowsCut)}\n${formatScopes(report.config.passthrough, protocol, 10)}`;
}

/** `passthrough reminder [DAYS]`: after how many days a switch left on is flagged; with DAYS, sets it. */
function reminderCommand(words: string[]): string {
  if (words.length > 1) throw new InputError(`reminder takes one number of days, got "${words.join(" ")}"`);
  const days = words[0] === undefined ? loadReminderDays() : saveReminderDays(words[0], cliActor());
  return `reminder: a switch on for more than ${days} days is flagged in \`lintas status\` and on the status page`;
}

export async function applyCommand(words: string[]): Promise<string> {
  const { positionals, flags } = parseArgs(words, ["backend"], []);
  if (positionals.length) throw new InputError(`apply takes no words, got "${positionals.join(" ")}"`);
  const report = await applyStored({ backend: backendFlag(flags) });
  return formatApply(report, await report.flowsCut);
}
