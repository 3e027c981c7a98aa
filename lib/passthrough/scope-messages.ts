// Scopes in the reader's words: which protocol, which list, which entry, and why it is refused or matches nothing.
import { blockOf, MAX_SCOPE_ENTRIES, protocolSpec, type ProtocolId, type ScopeIssue, type ScopeList } from "../../netfilter";
import { InputError, warning, type Warning } from "../errors";
import { message, type Message } from "../i18n";
import type { UnresolvedName } from "./scope-names";

const ISSUES: ReadonlySet<string> = new Set<ScopeIssue>(["lanEntry", "serverEntry", "hostBits", "twice", "tooMany"]);

const listWords = (list: ScopeList): Message => message(list === "lan" ? "scope.list.lan" : "scope.list.servers");
const issueWords = (issue: ScopeIssue, entry: string): Message => {
  if (issue !== "hostBits") return { key: `scope.issue.${issue}` };
  return message("scope.issue.hostBits", { network: blockOf(entry) });
};

/**
 * A scope issue from the passthrough schema (path [protocol, "scope", list, index?]) as an InputError naming the
 * protocol, the list and the entry; undefined for an issue elsewhere in the switches.
 */
export function scopeInputError(issue: { path: PropertyKey[]; message: string }, input: Record<string, unknown>): InputError | undefined {
  const [protocol, field, list, index] = issue.path as [ProtocolId, string, ScopeList, number | undefined];
  if (field !== "scope" || (list !== "lan" && list !== "servers")) return undefined;
  const title = protocolSpec(protocol).title;
  const key = `${protocol}.scope.${list}`;
  const entries = ((input[protocol] as { scope?: Record<string, unknown> })?.scope?.[list] ?? []) as unknown[];
  if (issue.message === "tooMany") {
    return new InputError(message("error.scopeTooMany", { protocol: title, list: listWords(list), count: entries.length, max: MAX_SCOPE_ENTRIES }), key);
  }
  if (index === undefined) return undefined;
  const entry = String(entries[index]).trim();
  const reason = ISSUES.has(issue.message) ? issueWords(issue.message as ScopeIssue, entry) : issue.message;
  return new InputError(message("error.scopeEntry", { protocol: title, list: listWords(list), entry, reason }), key);
}

function unresolvedParams(name: UnresolvedName) {
  const reason = name.list === "lan" ? message("scope.unresolved.device") : message("scope.unresolved.host", { error: name.error ?? "no address" });
  return { protocol: protocolSpec(name.protocol).title, list: listWords(name.list), name: name.name, reason };
}

/** A name being added that stands for no address now: bad input, nothing is changed. */
export const unresolvedError = (name: UnresolvedName) => new InputError(message("error.scopeUnresolved", unresolvedParams(name)), `${name.protocol}.scope.${name.list}`);

/** A name already in a scope that stands for no address now: it lets nothing through until it does again. */
export const unresolvedWarning = (name: UnresolvedName): Warning => warning(message("warning.scopeUnresolved", unresolvedParams(name)));
