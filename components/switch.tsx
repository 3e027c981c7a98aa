"use client";
// An accessible switch: a real button with role="switch", so Space and Enter toggle it and screen readers
// announce its state. Its state is also written beside the track (On/Off): readable without telling colours apart.
import { useWords } from "./words";

export function Switch({ checked, onChange, label, disabled, small }: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  disabled?: boolean;
  small?: boolean;
}) {
  const { on, off } = useWords();
  const size = small ? "h-5 w-9" : "h-7 w-12";
  const knob = small ? "h-4 w-4" : "h-6 w-6";
  const shift = small ? "translate-x-4" : "translate-x-5";
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      onClick={() => onChange(!checked)}
      className="group inline-flex shrink-0 items-center gap-2 rounded-full focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 disabled:cursor-not-allowed disabled:opacity-50 dark:focus-visible:ring-offset-slate-900"
    >
      {/* Off: a track that still stands out from the card (3:1 and more in both themes), not a pale grey. */}
      <span className={`${size} relative inline-flex items-center rounded-full p-0.5 transition-colors ${checked ? "bg-emerald-600" : "bg-slate-500"}`}>
        <span className={`${knob} rounded-full bg-white shadow transition-transform ${checked ? shift : "translate-x-0"}`} />
      </span>
      {/* Both words take the same cell, so the switch keeps its width when the state changes. */}
      <span aria-hidden className={`grid text-left font-medium ${small ? "text-xs" : "text-sm"}`}>
        <span className={`col-start-1 row-start-1 ${checked ? "" : "invisible"}`}>{on}</span>
        <span className={`col-start-1 row-start-1 ${checked ? "invisible" : ""}`}>{off}</span>
      </span>
    </button>
  );
}
