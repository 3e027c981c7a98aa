// `pptp=on ipsec.natT=off ...` -> switch changes. Sub-options come from the config schema's IPsec fields.
import { ipsecSchema, PROTOCOL_IDS, type ProtocolId } from "../netfilter/config";
import { InputError } from "../lib/errors";
import type { PassthroughChanges } from "../lib/passthrough";
import { onOff } from "./args";

const IPSEC_OPTIONS = Object.keys(ipsecSchema.shape).filter((key) => key !== "enabled");
const ACCEPTED_KEYS = [...PROTOCOL_IDS, ...IPSEC_OPTIONS.map((o) => `ipsec.${o}`)];

export function parseSwitchWords(words: string[]): PassthroughChanges {
  if (words.length === 0) {
    throw new InputError(`nothing to set: give one or more of ${ACCEPTED_KEYS.map((k) => `${k}=on|off`).join(" ")}`);
  }
  const changes: Record<string, Record<string, boolean>> = {};
  for (const word of words) {
    const match = /^([^=]+)=(.*)$/.exec(word);
    if (!match) throw new InputError(`"${word}" is not KEY=on|off: accepted keys are ${ACCEPTED_KEYS.join(", ")}`, word);
    const [, key, value] = match as unknown as [string, string, string];
    const [protocol, option, extra] = key.split(".");
    const optionName = option === undefined ? "enabled" : IPSEC_OPTIONS.find((o) => o.toLowerCase() === option.toLowerCase());
    if (!PROTOCOL_IDS.includes(protocol as ProtocolId) || extra !== undefined || !optionName || (option && protocol !== "ipsec")) {
      throw new InputError(`unknown switch "${key}": accepted keys are ${ACCEPTED_KEYS.join(", ")}`, key);
    }
    (changes[protocol!] ??= {})[optionName] = onOff(value, key);
  }
  return changes as PassthroughChanges;
}
