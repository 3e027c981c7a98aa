// A spinner inside a busy control is decoration (the control says it is busy); with a label it announces itself.
export function Spinner({ label }: { label?: string }) {
  const wheel = <span className="h-4 w-4 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden />;
  if (!label) return wheel;
  return (
    <span role="status" className="inline-flex items-center gap-2">
      {wheel}
      <span>{label}</span>
    </span>
  );
}
