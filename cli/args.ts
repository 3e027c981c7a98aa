// Small argv helpers. Every complaint is an InputError naming the bad word and what is accepted.
import { InputError } from "../lib/errors";
import { BACKEND_NAMES, type BackendName } from "../netfilter/backends/types";

export type Parsed = { positionals: string[]; flags: Map<string, string | true>; lists: Map<string, string[]> };

/**
 * Splits argv into positionals and --flags; `valued` flags take the next word (or --flag=value), `repeated` ones
 * too and may be given again: every value is kept, in order, in `lists`.
 */
export function parseArgs(argv: string[], valued: readonly string[], booleans: readonly string[], repeated: readonly string[] = []): Parsed {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith("--")) {
      positionals.push(word);
      continue;
    }
    const [name, inline] = word.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (booleans.includes(name) && inline === undefined) {
      flags.set(name, true);
    } else if (valued.includes(name) || repeated.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith("--")) throw new InputError(`--${name} needs a value`, name);
      if (repeated.includes(name)) lists.set(name, [...(lists.get(name) ?? []), value]);
      else flags.set(name, value);
    } else {
      const known = [...valued, ...repeated, ...booleans].map((f) => `--${f}`).join(", ") || "none";
      throw new InputError(`unknown option "${word}": accepted options are ${known}`, name);
    }
  }
  return { positionals, flags, lists };
}

export function onOff(value: string, what: string): boolean {
  if (value === "on") return true;
  if (value === "off") return false;
  throw new InputError(`bad value "${value}" for ${what}: accepted values are on, off`, what);
}

export function oneOf<T extends string>(value: string, accepted: readonly T[], what: string): T {
  if ((accepted as readonly string[]).includes(value)) return value as T;
  throw new InputError(`bad value "${value}" for ${what}: accepted values are ${accepted.join(", ")}`, what);
}

/** `--backend NAME`, accepted on every command that reaches the firewall. */
export function backendFlag(flags: Parsed["flags"]): BackendName | undefined {
  const value = flags.get("backend");
  return typeof value === "string" ? oneOf(value, BACKEND_NAMES, "--backend") : undefined;
}

/** `--port N` (or another port flag: `name`), 1-65535; `fallback` when absent. */
export function portFlag(flags: Parsed["flags"], fallback: number, name = "port"): number {
  const port = String(flags.get(name) ?? fallback);
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw new InputError(`bad value "${port}" for --${name}: accepted values are 1-65535`, name);
  }
  return Number(port);
}
