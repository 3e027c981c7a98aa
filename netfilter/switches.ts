// The switches as people name them: `pptp`, `ipsec.natT`. Derived from the catalogue: the CLI's words and its
// listing, the panel's change count and the audit's diff all read this list. Pure, no zod: the panel's browser
// code imports it.
import type { Network, Passthrough, PassthroughChanges } from "./config";
import { flowEnabled, optionsOf, PROTOCOLS, switchValues, type OptionId, type ProtocolId } from "./protocols";
import type { ScopeList } from "./scope";

type SwitchOf<Id extends ProtocolId> =
  | { key: Id; protocol: Id; field: "enabled"; title: string }
  | { [O in OptionId<Id>]: { key: `${Id}.${O}`; protocol: Id; field: O; title: string } }[OptionId<Id>];
/** One switch: a protocol's own (`field: "enabled"`) or one of its sub-options. `title` is "IPsec ESP". */
export type Switch = { [Id in ProtocolId]: SwitchOf<Id> }[ProtocolId];
export type SwitchKey = Switch["key"];

/** Every switch in catalogue order, each protocol followed by its sub-options. */
export const SWITCHES = PROTOCOLS.flatMap((spec) => [
  { key: spec.id, protocol: spec.id, field: "enabled", title: spec.title },
  ...optionsOf(spec.id).map(([field, option]) => ({ key: `${spec.id}.${field}`, protocol: spec.id, field, title: `${spec.title} ${option.title}` })),
]) as readonly Switch[];

export function switchValue(passthrough: Passthrough, which: Switch): boolean {
  return switchValues(passthrough, which.protocol)[which.field] === true;
}

/** `passthrough` with one switch set (a copy; the protocol's other settings, its scope included, kept). */
export function withSwitch(passthrough: Passthrough, which: Switch, value: boolean): Passthrough {
  return { ...passthrough, [which.protocol]: { ...passthrough[which.protocol], [which.field]: value } };
}

export type SwitchChange = { key: SwitchKey; before: boolean; after: boolean };
export type NetworkChange = {
  [K in keyof Network]: { key: `network.${K}`; before: Network[K] | undefined; after: Network[K] };
}[keyof Network];
/** Entries added to and removed from a scope's list (not the lists: a scope may hold 10,000 entries). */
export type ScopeChange = { key: `${ProtocolId}.scope.${ScopeList}`; added: string[]; removed: string[] };
/** One changed setting, e.g. `{ key: "ipsec.esp", before: true, after: false }`. */
export type ConfigChange = SwitchChange | NetworkChange | ScopeChange;

/** The switches that differ, sub-options included. */
export function passthroughDiff(before: Passthrough, after: Passthrough): SwitchChange[] {
  return SWITCHES.flatMap((which) => {
    const [was, is] = [switchValue(before, which), switchValue(after, which)];
    return was === is ? [] : [{ key: which.key, before: was, after: is }];
  });
}

/**
 * The protocols a change takes traffic from, whose open flows an apply cuts: a flow that passed is blocked now
 * (its switch or a sub-option turned off), or the scope of a protocol that stays on changed (whether it narrowed
 * is not worked out: cutting too much is safe, too little is not). Turning something on cuts nothing: a blocked
 * flow has no conntrack entry to cut (its packets were dropped before the kernel confirmed one), and the open
 * flows of what stays allowed may go on.
 */
export function narrowedProtocols(before: Passthrough, after: Passthrough): ProtocolId[] {
  const scoped = (passthrough: Passthrough, id: ProtocolId) => JSON.stringify(passthrough[id].scope ?? null);
  return PROTOCOLS.filter(
    (spec) =>
      spec.flows.some((flow) => flowEnabled(before, spec.id, flow) && !flowEnabled(after, spec.id, flow)) ||
      (before[spec.id].enabled && after[spec.id].enabled && scoped(before, spec.id) !== scoped(after, spec.id)),
  ).map((spec) => spec.id);
}

/** The settings that differ between two configs: the network fields (before may be unset), the switches, the scopes. */
export function configDiff(
  before: { network?: Network; passthrough: Passthrough },
  after: { network: Network; passthrough: Passthrough },
): ConfigChange[] {
  const network = (Object.keys(after.network) as (keyof Network)[]).flatMap((field) => {
    const [was, is] = [before.network?.[field], after.network[field]];
    return JSON.stringify(was) === JSON.stringify(is) ? [] : [{ key: `network.${field}`, before: was, after: is } as NetworkChange];
  });
  return [...network, ...passthroughDiff(before.passthrough, after.passthrough), ...scopeDiff(before.passthrough, after.passthrough)];
}

/** Per protocol and list, the entries a change added and removed. */
export function scopeDiff(before: Passthrough, after: Passthrough): ScopeChange[] {
  return PROTOCOLS.flatMap((spec) =>
    (["lan", "servers"] as const).flatMap((list): ScopeChange[] => {
      const [was, is] = [before[spec.id].scope?.[list] ?? [], after[spec.id].scope?.[list] ?? []];
      const [wasSet, isSet] = [new Set(was), new Set(is)];
      const added = is.filter((entry) => !wasSet.has(entry));
      const removed = was.filter((entry) => !isSet.has(entry));
      return added.length + removed.length > 0 ? [{ key: `${spec.id}.scope.${list}`, added, removed }] : [];
    }),
  );
}

/** A diff as the change set that makes it. */
export function changesFrom(diff: readonly SwitchChange[]): PassthroughChanges {
  const changes: Record<string, Record<string, boolean>> = {};
  for (const change of diff) {
    const which = findSwitch(change.key)!;
    (changes[which.protocol] ??= {})[which.field] = change.after;
  }
  return changes as PassthroughChanges;
}

/** The switch a key names, ignoring case (`ipsec.natt`); undefined when no switch has that name. */
export function findSwitch(key: string): Switch | undefined {
  return SWITCHES.find((which) => which.key.toLowerCase() === key.toLowerCase());
}
