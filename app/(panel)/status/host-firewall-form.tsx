"use client";
// The host-firewall mode: open the path through the other firewalls, or only report what they do.
import { useState } from "react";
import { SettingForm } from "@/components/setting-form";
import type { HostFirewallMode } from "@/netfilter";
import { setHostFirewallAction } from "./actions";

export function HostFirewallForm({ mode, labels }: { mode: HostFirewallMode; labels: Record<"mode" | "open" | "report" | "save", string> }) {
  const [choice, setChoice] = useState(mode);
  return (
    <SettingForm save={() => setHostFirewallAction({ mode: choice })} unchanged={choice === mode} label={labels.save} testId="host-firewall-form">
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium">{labels.mode}</legend>
        {(["open", "report"] as const).map((value) => (
          <label key={value} className="flex items-start gap-2 text-sm">
            <input type="radio" name="hostFirewall" value={value} checked={choice === value} onChange={() => setChoice(value)} className="mt-1" />
            <span>{labels[value]}</span>
          </label>
        ))}
      </fieldset>
    </SettingForm>
  );
}
