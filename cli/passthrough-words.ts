// `pptp=on ipsec.natT=off ... [--for 8h]` -> switch changes. The words are the catalogue's switches (netfilter/switches.ts).
import type { PassthroughChanges } from "../netfilter/config";
import { durationSchema } from "../netfilter/duration";
import { PROTOCOL_IDS, type ProtocolId } from "../netfilter/protocols";
import { findSwitch, SWITCHES } from "../netfilter/switches";
import { InputError } from "../lib/errors";
import { onOff } from "./args";

const ACCEPTED_KEYS = SWITCHES.map((which) => which.key);

/** The words as `lintas --help` shows them: `pptp=on|off ... [ipsec.natT|ipsec.esp|ipsec.ah=on|off]`. */
export const SWITCH_USAGE = [
  ...SWITCHES.filter((which) => which.field === "enabled").map((which) => `${which.key}=on|off`),
  `[${SWITCHES.filter((which) => which.field !== "enabled").map((which) => which.key).join("|")}=on|off]`,
  "[--for 30s|15m|8h|2d]",
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

/**
 * `--for 8h`: the protocols the words turn on turn themselves off that long after the apply. Refused with no
 * protocol turned on, and beside one turned off (which one would it be for?).
 */
export function withExpiry(changes: PassthroughChanges, text: string | undefined): PassthroughChanges {
  if (text === undefined) return changes;
  const parsed = durationSchema.safeParse(text);
  if (!parsed.success) throw new InputError(`bad value for --for: ${parsed.error.issues[0]!.message}`, "for");
  const entries = Object.entries(changes) as [ProtocolId, { enabled?: boolean }][];
  const off = entries.filter(([, change]) => change.enabled === false).map(([id]) => `${id}=off`);
  if (off.length) throw new InputError(`--for is how long switches turned on stay on; ${off.join(" ")} turns one off: give it in a command of its own`, "for");
  if (!entries.some(([, change]) => change.enabled)) throw new InputError("--for goes with a protocol turned on, e.g. `passthrough set pptp=on --for 8h`", "for");
  return Object.fromEntries(entries.map(([id, change]) => [id, change.enabled ? { ...change, forSeconds: parsed.data } : change])) as PassthroughChanges;
}
