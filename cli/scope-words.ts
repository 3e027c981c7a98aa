// `lintas passthrough scope PROTOCOL --allow-lan A,B --allow-server C | --clear` -> a scope change. The entries
// themselves are checked by the config schema (netfilter/scope.ts) when the change is merged.
import { InputError } from "../lib/errors";
import { protocolIdSchema, type PassthroughChanges } from "../netfilter/config";
import type { ProtocolId } from "../netfilter/protocols";
import type { Scope } from "../netfilter/scope";
import { parseArgs, type Parsed } from "./args";
import { SCOPE_USAGE } from "./passthrough-words";


/** A comma-separated list, given once or repeated; an empty value (`--allow-lan ''`) empties the list. */
const entries = (values: string[]) => values.flatMap((value) => value.split(",")).map((entry) => entry.trim()).filter((entry, i, all) => entry !== "" || all.length > 1);

export type ScopeWords = { protocol?: ProtocolId; changes?: PassthroughChanges; flags: Parsed["flags"] };

/** The words after `passthrough scope`: a protocol, and what to change (nothing: show the scopes). */
export function parseScopeWords(words: string[]): ScopeWords {
  const { positionals, flags, lists } = parseArgs(words, ["backend"], ["clear"], ["allow-lan", "allow-server"]);
  if (positionals.length > 1) throw new InputError(`unknown words "${positionals.slice(1).join(" ")}": use \`${SCOPE_USAGE}\``);
  const [word] = positionals;
  const parsed = word === undefined ? undefined : protocolIdSchema.safeParse(word);
  if (parsed && !parsed.success) throw new InputError(parsed.error.issues[0]!.message, word);
  const protocol = parsed?.data;
  const lan = lists.get("allow-lan");
  const servers = lists.get("allow-server");
  const clear = flags.has("clear");
  if (!lan && !servers && !clear) return { protocol, flags };
  if (!protocol) throw new InputError(`which protocol's scope? use \`${SCOPE_USAGE}\``);
  if (clear && (lan || servers)) throw new InputError("--clear empties both lists: give it alone, or --allow-lan/--allow-server without it", "clear");
  const scope: Partial<Scope> = clear ? { lan: [], servers: [] } : { ...(lan && { lan: entries(lan) }), ...(servers && { servers: entries(servers) }) };
  return { protocol, changes: { [protocol]: { scope } } as PassthroughChanges, flags };
}
