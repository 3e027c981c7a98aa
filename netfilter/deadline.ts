// A switch's deadline kept by the kernel itself: the rules of a protocol on "for 8h" match only before the
// deadline (nft `meta time <`, iptables' time match), and the rules of an off protocol follow them, so at the
// deadline the kernel blocks it, open flows included, whether or not a watcher runs.
import type { Capabilities } from "./capabilities";
import type { Passthrough } from "./config";
import type { Rule } from "./model";
import type { ProtocolId } from "./protocols";

/** A deadline (ISO 8601) in whole seconds since the epoch: the kernel stops passing at most 1 s early, never late. */
export const deadlineSeconds = (at: string) => Math.floor(Date.parse(at) / 1000);

/** The deadline the kernel keeps for a protocol that is on; undefined when it has none or the kernel cannot keep one. */
export function kernelDeadline(passthrough: Passthrough, id: ProtocolId, capabilities: Pick<Capabilities, "deadline">): number | undefined {
  const { enabled, expiry } = passthrough[id];
  return enabled && expiry && capabilities.deadline.available ? deadlineSeconds(expiry.at) : undefined;
}

/** `passing` held to the deadline, then `blocking`: past the deadline only the latter match. */
export function untilDeadline(passing: Rule[], before: number | undefined, blocking: () => Rule[]): Rule[] {
  if (before === undefined) return passing;
  return [...passing.map((rule) => ({ ...rule, match: { ...rule.match, before } })), ...blocking()];
}

/** Whether the kernel's deadline for a protocol has passed at `now` (ms since the epoch). */
export const deadlinePassed = (before: number | undefined, now: number) => before !== undefined && now >= before * 1000;
