// A protocol's scope as the kernel holds it: one named address set per list and family (whatever the list's
// length, the rules stay the same few), and one named counter for what falls outside it.
import type { IpFamily } from "./ip";
import type { AddressSet, NamedCounter } from "./model";
import type { ProtocolId } from "./protocols";
import { isScoped, scopeElements, type Scope, type ScopeList, type ScopeNames } from "./scope";

export type SetNames = Record<IpFamily, string>;

/** The sets and the counter of a scoped protocol; a list left empty (everyone / everywhere) has no sets. */
export type ProtocolScope = { counter: NamedCounter; sets: AddressSet[]; lan?: SetNames; servers?: SetNames };

export const scopeCounterName = (protocol: ProtocolId) => `${protocol}_outside_scope`;

export function protocolScope(protocol: ProtocolId, scope: Scope | undefined, names: ScopeNames): ProtocolScope | undefined {
  if (!scope || !isScoped(scope)) return undefined;
  const sets: AddressSet[] = [];
  const listSets = (list: ScopeList): SetNames | undefined => {
    if (scope[list].length === 0) return undefined;
    const elements = scopeElements(scope[list], list, names);
    const setNames = { ipv4: `${protocol}_${list}_v4`, ipv6: `${protocol}_${list}_v6` };
    for (const family of ["ipv4", "ipv6"] as const) sets.push({ name: setNames[family], family, elements: elements[family] });
    return setNames;
  };
  const lan = listSets("lan");
  const servers = listSets("servers");
  const counter = { name: scopeCounterName(protocol), comment: `${protocol}: packets outside its scope, dropped` };
  return { counter, sets, ...(lan && { lan }), ...(servers && { servers }) };
}
