// Scope edits in the VPN page's draft: a list replaced in one protocol's scope, what that changes in the change
// set Save & apply sends and in the preview's words, and whether a typed entry would be taken (the config's own
// zod schema, run in the browser, so the page refuses what the server and the CLI refuse, as it is typed).
import type { Passthrough, PassthroughChanges } from "@/netfilter/config";
import { protocolSpec, type ProtocolId } from "@/netfilter/protocols";
import { blockOf, scopeChangesSchema, type ScopeIssue, type ScopeList } from "@/netfilter/scope";
import { scopeDiff, type ScopeChange } from "@/netfilter/switches";
import type { Say, VpnKey } from "./words";

export const SCOPE_LIST_WORDS: Record<ScopeList, VpnKey> = { lan: "vpn.scope.lan", servers: "vpn.scope.servers" };

/** The draft with one list of a protocol's scope replaced (the other list kept). */
export function withScopeList(draft: Passthrough, id: ProtocolId, list: ScopeList, entries: string[]): Passthrough {
  const scope = { lan: [], servers: [], ...draft[id].scope, [list]: entries };
  return { ...draft, [id]: { ...draft[id], scope } };
}

const parts = (change: ScopeChange) => change.key.split(".") as [ProtocolId, "scope", ScopeList];

/** The scope lists a draft changes, as the change set sends them: each changed list whole. */
export function scopeChangesOf(saved: Passthrough, draft: Passthrough): PassthroughChanges {
  const changes: Record<string, { scope: Partial<Record<ScopeList, string[]>> }> = {};
  for (const change of scopeDiff(saved, draft)) {
    const [id, , list] = parts(change);
    (changes[id] ??= { scope: {} }).scope[list] = draft[id].scope?.[list] ?? [];
  }
  return changes as PassthroughChanges;
}

/** Each changed list in words: "PPTP – Allowed LAN devices: added laptop; removed 192.168.1.5". */
export function scopeChangeTexts(before: Passthrough, after: Passthrough, say: Say): string[] {
  return scopeDiff(before, after).map((change) => {
    const [id, , list] = parts(change);
    const what = [
      ...(change.added.length ? [say("vpn.scope.added", { entries: change.added.join(", ") })] : []),
      ...(change.removed.length ? [say("vpn.scope.removed", { entries: change.removed.join(", ") })] : []),
    ].join("; ");
    return say("vpn.scope.change", { protocol: protocolSpec(id).title, list: say(SCOPE_LIST_WORDS[list]), what });
  });
}

const ISSUE_WORDS: Record<ScopeIssue, VpnKey> = {
  lanEntry: "vpn.scope.issue.lanEntry",
  serverEntry: "vpn.scope.issue.serverEntry",
  hostBits: "vpn.scope.issue.hostBits",
  twice: "vpn.scope.issue.twice",
  tooMany: "vpn.scope.issue.tooMany",
};

/** A typed entry checked against the list it joins: its canonical text, or why it is refused, in words. */
export function checkEntry(list: ScopeList, entries: readonly string[], text: string, say: Say): { entry: string } | { error: string } {
  const parsed = scopeChangesSchema.safeParse({ [list]: [...entries, text] });
  if (parsed.success) return { entry: parsed.data[list]!.at(-1)! };
  const issue = parsed.error.issues[0]!.message as ScopeIssue;
  const entry = text.trim();
  return { error: say(ISSUE_WORDS[issue], { entry, network: blockOf(entry) }) };
}
