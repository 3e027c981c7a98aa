// A switch's deadline kept by the kernel itself: the rules of a protocol on "for 8h" match only before the
// deadline (nft `meta time <`, iptables' time match), and the rules of an off protocol follow them, matching only
// from the deadline on (the replies' counting rules give no verdict: before it, they must not meet a drop). So at
// the deadline the kernel blocks it, open flows included, whether or not a watcher runs.
import type { Capabilities } from "./capabilities";
import type { Passthrough } from "./config";
import { deadlineAt } from "./expiry";
import type { Rule, TimeMatch } from "./model";
import type { ProtocolId } from "./protocols";

/**
 * The deadline the kernel keeps for a protocol that is on, in whole seconds since the epoch (it stops passing at
 * most 1 s early, never late); undefined when it has none or the kernel cannot keep one.
 */
export function kernelDeadline(passthrough: Passthrough, id: ProtocolId, capabilities: Pick<Capabilities, "deadline">): number | undefined {
  const at = deadlineAt(passthrough, id);
  return at !== undefined && capabilities.deadline.available ? Math.floor(at / 1000) : undefined;
}

/** `passing` held to the deadline, then `blocking` from it on. */
export function untilDeadline(passing: Rule[], before: number, blocking: Rule[]): Rule[] {
  const timed = (op: TimeMatch["op"]) => (rule: Rule): Rule => ({ ...rule, match: { ...rule.match, time: { op, at: before } } });
  return [...passing.map(timed("before")), ...blocking.map(timed("from"))];
}

/** Whether the kernel's deadline for a protocol has passed at `now` (ms since the epoch). */
export const deadlinePassed = (before: number | undefined, now: number) => before !== undefined && now >= before * 1000;
