// The VPN page's words in the reader's language, handed to its client components: every `vpn.*` message, its
// {placeholders} filled in the browser. The dictionaries stay on the server.
import type { MessageKey } from "@/lib/i18n";

export type VpnKey = Extract<MessageKey, `vpn.${string}`>;
export type Words = Record<VpnKey, string>;
type Vars = Record<string, string | number>;

export type Say = {
  (key: VpnKey, vars?: Vars): string;
  /** A text with {count}: its `.one` form ("1 device") when there is one and count is 1. */
  count(key: VpnKey, count: number, vars?: Vars): string;
};

export function sayer(words: Words): Say {
  const say = (key: VpnKey, vars: Vars = {}) => words[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(vars[name] ?? whole));
  const one = (key: VpnKey) => `${key}.one` as VpnKey;
  return Object.assign(say, {
    count: (key: VpnKey, count: number, vars: Vars = {}) => (count === 1 && one(key) in words ? say(one(key), vars) : say(key, { ...vars, count })),
  });
}
