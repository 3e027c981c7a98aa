"use client";
// An accessible switch: a real button with role="switch", so Space and Enter toggle it and screen readers
// announce its state.
export function Switch({ checked, onChange, label, disabled, small }: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  disabled?: boolean;
  small?: boolean;
}) {
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
      className={`${size} relative inline-flex shrink-0 items-center rounded-full p-0.5 transition-colors focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 disabled:cursor-not-allowed disabled:opacity-50 ${
        checked ? "bg-emerald-600" : "bg-slate-300 dark:bg-slate-600"
      }`}
    >
      <span className={`${knob} rounded-full bg-white shadow transition-transform ${checked ? shift : "translate-x-0"}`} />
    </button>
  );
}
