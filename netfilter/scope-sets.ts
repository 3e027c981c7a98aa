// A protocol's scope as the kernel holds it: one named address set per list and family (whatever the list's
// length, the rules stay the same few), and one named counter for what falls outside it.
import type { IpFamily } from "./ip";
import type { AddressSet, NamedCounter } from "./model";
import type { ProtocolId } from "./protocols";
import { isScoped, SCOPE_LISTS, scopeElements, type Scope, type ScopeList, type ScopeNames } from "./scope";

export type SetNames = Record<IpFamily, string>;

/** What a scoped protocol's rules refer to: its counter, and the sets of each list that is not empty (everyone / everywhere). */
export type ScopeLayout = { counter: NamedCounter; lan?: SetNames; servers?: SetNames };
/** The layout with the sets' contents. */
export type ProtocolScope = ScopeLayout & { sets: AddressSet[] };

export const scopeCounterName = (protocol: ProtocolId) => `${protocol}_outside_scope`;

/** Whether a set name is one of the scope sets scopeLayout names (`pptp_lan_v4`, `ipsec_servers_v6`, ...). */
export const isScopeSetName = (name: string) => /^[a-z0-9]+_(lan|servers)_v[46]$/.test(name);

export function scopeLayout(protocol: ProtocolId, scope: Scope | undefined): ScopeLayout | undefined {
  if (!scope || !isScoped(scope)) return undefined;
  const layout: ScopeLayout = { counter: { name: scopeCounterName(protocol), comment: `${protocol}: packets outside its scope, dropped` } };
  for (const list of SCOPE_LISTS) {
    if (scope[list].length > 0) layout[list] = { ipv4: `${protocol}_${list}_v4`, ipv6: `${protocol}_${list}_v6` };
  }
  return layout;
}

export function protocolScope(protocol: ProtocolId, scope: Scope | undefined, names: ScopeNames): ProtocolScope | undefined {
  const layout = scopeLayout(protocol, scope);
  if (!layout) return undefined;
  const sets = SCOPE_LISTS.flatMap((list: ScopeList) => {
    const setNames = layout[list];
    if (!setNames) return [];
    const elements = scopeElements(scope![list], list, names);
    return (["ipv4", "ipv6"] as const).map((family) => ({ name: setNames[family], family, elements: elements[family] }));
  });
  return { ...layout, sets };
}
