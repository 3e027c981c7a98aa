"use client";
// A protocol's scope on its card: who may use it and to which servers, in one line ("every LAN device, to any
// VPN server" when both lists are empty), unfolded into the two lists to edit. Edits go to the page's draft like
// the switches: nothing reaches the router before Save & apply.
import type { Device } from "@/netfilter/devices";
import type { ProtocolId } from "@/netfilter/protocols";
import type { Scope, ScopeList as List, ScopeNames } from "@/netfilter/scope";
import { ScopeList } from "./scope-list";
import type { Say } from "./words";

export function ScopeEditor({ protocol, scope, names, devices, busy, say, onChange }: {
  protocol: ProtocolId;
  /** The scope as drafted (undefined: everyone, everywhere). */
  scope?: Scope;
  names: ScopeNames;
  devices?: Device[];
  busy: boolean;
  say: Say;
  onChange: (list: List, entries: string[]) => void;
}) {
  const lan = scope?.lan ?? [];
  const servers = scope?.servers ?? [];
  const summary = say("vpn.scope.summary", {
    lan: lan.length ? say.count("vpn.scope.devices", lan.length) : say("vpn.scope.everyone"),
    servers: servers.length ? say.count("vpn.scope.serverCount", servers.length) : say("vpn.scope.everywhere"),
  });
  return (
    <details className="mt-3 border-t border-slate-100 pt-3 text-sm dark:border-slate-800" data-testid={`scope-${protocol}`}>
      <summary className="cursor-pointer py-1 text-xs font-medium text-slate-700 dark:text-slate-300" data-testid={`scope-summary-${protocol}`}>{summary}</summary>
      <div className="mt-2 grid gap-4 sm:grid-cols-2">
        <ScopeList protocol={protocol} list="lan" entries={lan} names={names} devices={devices} busy={busy} say={say} onChange={(entries) => onChange("lan", entries)} />
        <ScopeList protocol={protocol} list="servers" entries={servers} names={names} busy={busy} say={say} onChange={(entries) => onChange("servers", entries)} />
      </div>
    </details>
  );
}
