"use client";
// "Which VPN do you use?": the admin names the VPN, the helper turns on the switches it needs through this router
// (into the draft: nothing is saved) and says why each one, and what is not needed.
import { useState } from "react";
import type { Passthrough } from "@/netfilter/config";
import { findSwitch, switchValue, type SwitchKey } from "@/netfilter/switches";
import { switchesFor, VPN_KINDS, type RouterPath, type VpnKind, type VpnKindId } from "@/netfilter/vpn-kinds";
import type { Say, VpnKey } from "./words";

type Line = { key: SwitchKey; name: string; why: string; state: "turnedOn" | "alreadyOn" | "unavailable" };
type Outcome = { kind: VpnKindId; lines: Line[] };

export function VpnHelper({ draft, path, names, unavailable, defaultOpen, say, onTurnOn }: {
  draft: Passthrough;
  path: RouterPath;
  /** Each switch's name on the cards: "IPsec", "NAT traversal (UDP 4500)". */
  names: Record<SwitchKey, string>;
  /** Protocols that cannot be turned on here, with the reason. */
  unavailable: Partial<Record<string, string>>;
  /** Open at first (nothing is on yet); afterwards only the admin opens and closes it. */
  defaultOpen: boolean;
  say: Say;
  onTurnOn: (keys: SwitchKey[]) => void;
}) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [open] = useState(defaultOpen);

  const choose = (kind: VpnKind) => {
    const lines = switchesFor(kind, path).map((key): Line => {
      const which = findSwitch(key)!;
      const state = unavailable[which.protocol] ? "unavailable" : switchValue(draft, which) ? "alreadyOn" : "turnedOn";
      return { key, name: names[key], why: whyOf(key, kind, path, say), state };
    });
    onTurnOn(lines.filter((l) => l.state === "turnedOn").map((l) => l.key));
    setOutcome({ kind: kind.id, lines });
  };

  return (
    <details open={open} className="mt-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900" data-testid="vpn-helper">
      <summary className="cursor-pointer text-base font-semibold">{say("vpn.helper.title")}</summary>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{say("vpn.helper.intro")}</p>
      <div className="mt-3 flex flex-wrap gap-2" role="group" aria-label={say("vpn.helper.title")}>
        {VPN_KINDS.map((kind) => (
          <button
            key={kind.id}
            type="button"
            aria-pressed={outcome?.kind === kind.id}
            onClick={() => choose(kind)}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 aria-pressed:border-sky-600 aria-pressed:bg-sky-50 aria-pressed:text-sky-900 dark:border-slate-700 dark:hover:bg-slate-800 dark:aria-pressed:border-sky-400 dark:aria-pressed:bg-sky-950 dark:aria-pressed:text-sky-100"
          >
            {say(`vpn.kind.${kind.id}`)}
          </button>
        ))}
      </div>
      <div aria-live="polite" data-testid="vpn-helper-outcome">
        {outcome && (
          <div className="mt-4 space-y-2 text-sm">
            {outcome.lines.length > 0 ? (
              <ul className="space-y-1">
                {outcome.lines.map((line) => (
                  <li key={line.key}>
                    {line.state === "unavailable" ? (
                      say("vpn.helper.unavailable", { protocol: line.name, reason: unavailable[findSwitch(line.key)!.protocol]! })
                    ) : (
                      <>
                        <span className="font-medium">{line.name}</span> ({say(line.state === "turnedOn" ? "vpn.helper.turnedOn" : "vpn.helper.alreadyOn")}): {line.why}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{say("vpn.helper.nothing")}</p>
            )}
            <p className="text-slate-700 dark:text-slate-300">{say(`vpn.kind.${outcome.kind}.note`)}</p>
            {outcome.lines.some((l) => l.state === "turnedOn") && <p className="font-medium">{say("vpn.helper.next")}</p>}
          </div>
        )}
      </div>
    </details>
  );
}

/** Why a VPN needs this switch; raw ESP only where clients are routed, for the reasons this router has. */
function whyOf(key: SwitchKey, kind: VpnKind, path: RouterPath, say: Say): string {
  const routedOnly = "whenRouted" in kind && (kind.whenRouted as readonly SwitchKey[]).includes(key);
  if (routedOnly) return path.routedBecause.map((reason) => say(`vpn.why.${key}.${reason}` as VpnKey)).join("; ");
  return say(`vpn.why.${key}` as VpnKey);
}
