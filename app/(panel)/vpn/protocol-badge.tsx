// A card's verdict: the badge beside the title, and below the summary why it is not what was asked for and what
// else is true. One element of its own, so the verdict's source can change without touching the card.
import { StatusBadge } from "@/components/status-badge";
import type { ProtocolId } from "@/netfilter/protocols";
import type { Badge } from "../protocol-view";

export function ProtocolBadge({ id, badge }: { id: ProtocolId; badge: Badge }) {
  return <StatusBadge state={badge.state} label={badge.label} testId={`state-${id}`} />;
}

export function BadgeExplanation({ id, badge }: { id: ProtocolId; badge: Badge }) {
  return (
    <>
      {badge.reason && <p className="mt-1 text-xs text-amber-700 dark:text-amber-300" data-testid={`reason-${id}`}>{badge.reason}</p>}
      {badge.note && <p className="mt-1 text-xs text-slate-500" data-testid={`note-${id}`}>{badge.note}</p>}
    </>
  );
}
