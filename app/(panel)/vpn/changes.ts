// What the draft changes, in the page's words: on each card ("Active → will be blocked"), in the preview
// ("L2TP: allowed → blocked") and in the result that stays after saving ("IPsec allowed"). Pure: the browser
// code imports it.
import type { Passthrough } from "@/netfilter/config";
import { protocolSpec, switchValues, wireName, type ProtocolId } from "@/netfilter/protocols";
import { findSwitch, passthroughDiff, scopeDiff, withSwitch, type SwitchChange } from "@/netfilter/switches";
import { scopeChangesOf, withScopeList } from "./scope-draft";
import type { ProtocolUse } from "@/lib/passthrough/in-use";
import type { Say, VpnKey } from "./words";

export type Pending = "allow" | "block" | "change";

/** How saving would change one protocol: its own switch, or (the switch as it is) a sub-option or its scope. */
export function pendingOf(saved: Passthrough, draft: Passthrough, id: ProtocolId): Pending | undefined {
  const changes = passthroughDiff(saved, draft).filter((change) => findSwitch(change.key)!.protocol === id);
  const own = changes.find((change) => change.key === id);
  const scoped = scopeDiff(saved, draft).some((change) => change.key.startsWith(`${id}.`));
  return own ? (own.after ? "allow" : "block") : changes.length > 0 || scoped ? "change" : undefined;
}

export const PENDING_WORDS: Record<Pending, VpnKey> = { allow: "vpn.willAllow", block: "vpn.willBlock", change: "vpn.willChange" };

const CHANGE_WORDS = {
  preview: { allow: "vpn.change.allow", block: "vpn.change.block", on: "vpn.change.optionOn", off: "vpn.change.optionOff" },
  result: { allow: "vpn.result.allowed", block: "vpn.result.blocked", on: "vpn.result.optionOn", off: "vpn.result.optionOff" },
} as const;

/** One changed switch: "L2TP: allowed → blocked" (preview) or "L2TP blocked" (result). */
export function changeText(change: SwitchChange, say: Say, form: keyof typeof CHANGE_WORDS): string {
  const which = findSwitch(change.key)!;
  const words = CHANGE_WORDS[form];
  if (which.field === "enabled") return say(change.after ? words.allow : words.block, { protocol: which.title });
  return say(change.after ? words.on : words.off, { option: which.title });
}

/** What a protocol lets through with its sub-options as drafted: "UDP 500, UDP 4500, ESP". */
export function allowedWires(draft: Passthrough, id: ProtocolId): string {
  const settings = switchValues(draft, id);
  return protocolSpec(id)
    .flows.filter((flow) => !flow.option || settings[flow.option])
    .map((flow) => wireName(flow.match))
    .join(", ");
}

const USES_SHOWN = 3;

/** "In use now: 2 devices (192.168.50.10 → 203.0.113.2, …)"; undefined when it could not be asked. */
export function inUseText(use: ProtocolUse | undefined, say: Say): string | undefined {
  if (!use) return undefined;
  if (use.uses.length === 0) return say("vpn.inUse.none");
  const shown = use.uses.slice(0, USES_SHOWN).map((u) => say("vpn.use", u));
  const more = use.uses.length - shown.length;
  const uses = [...shown, ...(more > 0 ? [say("vpn.more", { count: more })] : [])].join(", ");
  return use.complete ? say.count("vpn.inUse", use.devices, { uses }) : say("vpn.inUse.atLeast", { count: use.devices, uses });
}

// The draft is kept in this tab's sessionStorage until it is saved or discarded: a reload, or a sign-in after
// the session ended, brings it back.
const DRAFT_KEY = "lintas.vpn.draft";

/** The stored draft applied over the saved switches, if it still changes something. */
export function storedDraft(saved: Passthrough): Passthrough | undefined {
  let stored: unknown;
  try {
    stored = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? "null");
  } catch {
    return undefined;
  }
  if (!stored || typeof stored !== "object") return undefined;
  let draft = saved;
  for (const [key, value] of Object.entries(stored)) {
    const which = findSwitch(key);
    const [id, field, list] = key.split(".");
    if (which && typeof value === "boolean") draft = withSwitch(draft, which, value);
    // A scope's list, whole (its entries are checked again when saved).
    else if (field === "scope" && id! in saved && (list === "lan" || list === "servers") && Array.isArray(value) && value.every((e) => typeof e === "string")) {
      draft = withScopeList(draft, id as ProtocolId, list, value);
    }
  }
  return draftCount(saved, draft) > 0 ? draft : undefined;
}

/** How many changes Save & apply would make: each switch, and each scope list that differs. */
export const draftCount = (saved: Passthrough, draft: Passthrough) => passthroughDiff(saved, draft).length + scopeDiff(saved, draft).length;

export function storeDraft(saved: Passthrough, draft: Passthrough): void {
  if (draftCount(saved, draft) === 0) return forgetDraft();
  const switches = passthroughDiff(saved, draft).map((c) => [c.key, c.after]);
  const scopes = Object.entries(scopeChangesOf(saved, draft)).flatMap(([id, change]) => Object.entries(change.scope ?? {}).map(([list, entries]) => [`${id}.scope.${list}`, entries]));
  sessionStorage.setItem(DRAFT_KEY, JSON.stringify(Object.fromEntries([...switches, ...scopes])));
}

export function forgetDraft(): void {
  sessionStorage.removeItem(DRAFT_KEY);
}
