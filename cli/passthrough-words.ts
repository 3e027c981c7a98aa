// `pptp=on ipsec.natT=off ...` -> switch changes. The words are the catalogue's switches (netfilter/switches.ts).
import type { PassthroughChanges } from "../netfilter/config";
import { PROTOCOL_IDS } from "../netfilter/protocols";
import { findSwitch, SWITCHES } from "../netfilter/switches";
import { InputError } from "../lib/errors";
import { onOff } from "./args";

const ACCEPTED_KEYS = SWITCHES.map((which) => which.key);

/** The words as `lintas --help` shows them: `pptp=on|off ... [ipsec.natT|ipsec.esp|ipsec.ah=on|off]`. */
export const SWITCH_USAGE = [
  ...SWITCHES.filter((which) => which.field === "enabled").map((which) => `${which.key}=on|off`),
  `[${SWITCHES.filter((which) => which.field !== "enabled").map((which) => which.key).join("|")}=on|off]`,
].join(" ");

/** `passthrough scope ...` as `lintas --help` shows it (scope-words.ts reads these words). */
export const SCOPE_USAGE = `passthrough scope [${PROTOCOL_IDS.join("|")}] [--allow-lan ADDR|CIDR|DEVICE|MAC,...] [--allow-server ADDR|CIDR|HOST,...] [--clear]`;

export function parseSwitchWords(words: string[]): PassthroughChanges {
  if (words.length === 0) {
    throw new InputError(`nothing to set: give one or more of ${ACCEPTED_KEYS.map((k) => `${k}=on|off`).join(" ")}`);
  }
  const changes: Record<string, Record<string, boolean>> = {};
  for (const word of words) {
    const match = /^([^=]+)=(.*)$/.exec(word);
    if (!match) throw new InputError(`"${word}" is not KEY=on|off: accepted keys are ${ACCEPTED_KEYS.join(", ")}`, word);
    const [, key, value] = match as unknown as [string, string, string];
    const which = findSwitch(key);
    if (!which) throw new InputError(`unknown switch "${key}": accepted keys are ${ACCEPTED_KEYS.join(", ")}`, key);
    (changes[which.protocol] ??= {})[which.field] = onOff(value, key);
  }
  return changes as PassthroughChanges;
}
