// The open connections a Save would cut, one line each: "L2TP: 192.168.50.10 → 203.0.113.2".
import type { InUse } from "@/lib/passthrough/in-use";
import { protocolSpec, type ProtocolId } from "@/netfilter/protocols";
import type { Say } from "./words";

export function cutLines(cut: InUse, say: Say): string[] {
  return (Object.entries(cut.protocols) as [ProtocolId, NonNullable<InUse["protocols"][ProtocolId]>][]).flatMap(([id, use]) =>
    use.uses.map((u) => say("vpn.cutLine", { protocol: protocolSpec(id).title, use: say("vpn.use", u) })),
  );
}

export function CutList({ lines, testId }: { lines: string[]; testId: string }) {
  return (
    <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm" data-testid={testId}>
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
