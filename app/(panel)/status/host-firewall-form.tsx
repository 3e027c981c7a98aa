"use client";
// The host-firewall mode: open the path through the other firewalls, or only report what they do.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Spinner } from "@/components/spinner";
import { Toast, type ToastMessage } from "@/components/toast";
import type { HostFirewallMode } from "@/netfilter";
import { setHostFirewallAction } from "./actions";

export function HostFirewallForm({ mode, labels }: { mode: HostFirewallMode; labels: Record<"mode" | "open" | "report" | "save", string> }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [choice, setChoice] = useState(mode);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  return (
    <form
      className="space-y-3"
      data-testid="host-firewall-form"
      onSubmit={(event) => {
        event.preventDefault();
        start(async () => {
          const result = await setHostFirewallAction({ mode: choice });
          setToast({ kind: result.ok ? (result.warned ? "warning" : "ok") : "error", text: result.ok ? result.message : result.error, id: Date.now() });
          router.refresh();
        });
      }}
    >
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium">{labels.mode}</legend>
        {(["open", "report"] as const).map((value) => (
          <label key={value} className="flex items-start gap-2 text-sm">
            <input type="radio" name="hostFirewall" value={value} checked={choice === value} onChange={() => setChoice(value)} className="mt-1" />
            <span>{labels[value]}</span>
          </label>
        ))}
      </fieldset>
      <button
        type="submit"
        disabled={pending || choice === mode}
        className="inline-flex items-center gap-2 rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-800 disabled:opacity-60"
      >
        {pending ? <Spinner /> : null}
        {labels.save}
      </button>
      <Toast message={toast} />
    </form>
  );
}
