"use client";
// One list of a protocol's scope (allowed LAN devices, or allowed VPN servers): its entries, each name with what
// it stood for at the last apply, a Remove button each, and a field that checks an entry as it is typed (the
// config's own schema) and adds it with Enter or Add. LAN devices can be picked from those the router knows.
import { useState } from "react";
import { Field } from "@/components/field";
import type { Device } from "@/netfilter/devices";
import type { ProtocolId } from "@/netfilter/protocols";
import { namesIn, namesTable, type ScopeList as List, type ScopeNames } from "@/netfilter/scope";
import { checkEntry, SCOPE_LIST_WORDS } from "./scope-draft";
import type { Say } from "./words";

/** Entries shown in a list; a longer list (the CLI takes 65,536) says how many more there are. */
const SHOWN = 50;

const deviceLabel = (d: Device) => [d.name ?? d.mac, d.addresses.join(", "), d.name && d.mac].filter(Boolean).join(" · ");

export function ScopeList({ protocol, list, entries, names, devices, busy, say, onChange }: {
  protocol: ProtocolId;
  list: List;
  entries: string[];
  names: ScopeNames;
  /** The LAN devices the router knows (LAN list only; undefined until they arrive). */
  devices?: Device[];
  busy: boolean;
  say: Say;
  onChange: (entries: string[]) => void;
}) {
  const [text, setText] = useState("");
  const checked = text.trim() === "" ? undefined : checkEntry(list, entries, text, say);
  const error = checked && "error" in checked ? checked.error : undefined;
  const title = say(SCOPE_LIST_WORDS[list]);
  const resolved = (entry: string) => {
    if (namesIn([entry], list).length === 0) return undefined;
    const addresses = names[namesTable(list)][entry];
    if (!addresses) return undefined; // not applied yet
    return addresses.length ? say("vpn.scope.resolved", { addresses: addresses.join(", ") }) : say("vpn.scope.noAddress");
  };
  const add = (event: React.FormEvent) => {
    event.preventDefault();
    if (!checked || !("entry" in checked)) return;
    onChange([...entries, checked.entry]);
    setText("");
  };
  const more = entries.length - SHOWN;

  return (
    <section aria-label={title} className="space-y-2" data-testid={`scope-${protocol}-${list}`}>
      <h3 className="text-sm font-medium">{title}</h3>
      {entries.length === 0 ? (
        <p className="text-xs text-slate-600 dark:text-slate-400" data-testid={`scope-${protocol}-${list}-empty`}>{say(`vpn.scope.${list}.empty`)}</p>
      ) : (
        <ul className="space-y-1">
          {entries.slice(0, SHOWN).map((entry) => {
            const stood = resolved(entry);
            return (
              <li key={entry} className="flex flex-wrap items-center gap-2 text-sm" data-testid="scope-entry">
                <code className="rounded bg-slate-100 px-1.5 py-0.5 dark:bg-slate-800">{entry}</code>
                {stood && <span className="text-xs text-slate-600 dark:text-slate-400">{stood}</span>}
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => onChange(entries.filter((e) => e !== entry))}
                  aria-label={`${say("vpn.scope.remove")} ${entry} (${title})`}
                  className="rounded border border-slate-300 px-1.5 text-xs hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
                >
                  {say("vpn.scope.remove")}
                </button>
              </li>
            );
          })}
          {more > 0 && <li className="text-xs text-slate-600 dark:text-slate-400">{say("vpn.more", { count: more })}</li>}
        </ul>
      )}
      <form onSubmit={add} className="flex flex-wrap items-start gap-2">
        <div className="min-w-0 flex-1">
          <Field label={say(`vpn.scope.new.${list}`)} name={`scope-${protocol}-${list}`} hint={say(`vpn.scope.${list}.hint`)} error={error} value={text} onChange={setText} />
        </div>
        <button
          type="submit"
          disabled={busy}
          className="mt-6 rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
          data-testid={`scope-add-${protocol}-${list}`}
        >
          {say("vpn.scope.add")}
          <span className="sr-only"> ({title})</span>
        </button>
      </form>
      {devices && (
        <div className="space-y-1">
          <label htmlFor={`scope-pick-${protocol}`} className="block text-xs font-medium">{say("vpn.scope.pick")}</label>
          {/* Choosing fills the field (Add then takes it): arrowing through a closed list adds nothing. */}
          <select
            id={`scope-pick-${protocol}`}
            value=""
            disabled={busy || devices.length === 0}
            onChange={(e) => e.target.value && setText(e.target.value)}
            className="block w-full rounded-md border border-slate-400 bg-white px-2 py-1.5 text-sm dark:border-slate-500 dark:bg-slate-900"
          >
            <option value="">{say(devices.length ? "vpn.scope.pick.choose" : "vpn.scope.pick.none")}</option>
            {devices.map((d) => (
              <option key={d.mac ?? d.name} value={d.name ?? d.mac}>{deviceLabel(d)}</option>
            ))}
          </select>
        </div>
      )}
    </section>
  );
}
