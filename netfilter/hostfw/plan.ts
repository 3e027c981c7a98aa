// The host firewall's part of an apply, purely: the openings the config needs against the ones there, and the
// check a watcher runs on every ruleset change (are the openings still there, does the host still pass?).
import type { LintasConfig } from "../config";
import { PROTOCOLS, switchValues, type ProtocolId } from "../protocols";
import type { ProtocolEffect } from "../render";
import { judgeProtocols, type HostVerdict } from "./judge";
import type { HostRuleset, IpFamily } from "./model";
import { desiredOpenings, openingChanges, presentOpenings, type Opening, type OpeningChanges } from "./openings";

export type HostPlanInput = {
  config: LintasConfig;
  /** What Lintas's own table does per protocol (render's effects): only active protocols are opened. */
  effects: Record<ProtocolId, ProtocolEffect>;
  /** The families the router forwards. */
  families: readonly IpFamily[];
};

export type HostPlan = { desired: Opening[]; present: Opening[]; changes: OpeningChanges };

export function planOpenings(foreign: HostRuleset, input: HostPlanInput): HostPlan {
  const { network, passthrough } = input.config;
  const present = presentOpenings(foreign);
  const active = PROTOCOLS.filter((spec) => input.effects[spec.id].state === "active").map((spec) => ({
    protocol: spec.id,
    settings: switchValues(passthrough, spec.id),
  }));
  const desired = desiredOpenings(foreign, { network, active, families: input.families }, present);
  return { desired, present: present.openings, changes: openingChanges(desired, present.openings) };
}

export type HostCheck = {
  /** Every opening the config needs is there and none of Lintas's is left over: nothing to re-apply. */
  holds: boolean;
  missing: Opening[];
  leftover: Opening[];
  /** Active protocols the host firewall drops (in report mode, or where no opening can help). */
  blocked: ProtocolId[];
  verdicts: Record<ProtocolId, HostVerdict>;
};

/**
 * Cheap and pure, for a watcher: whether re-applying would change the host firewall. A ufw rule of Lintas's form
 * without Lintas's comment (ufw keeps comments out of the kernel) does not count as left over, so a rule an admin
 * added the same way never makes the watcher re-apply in a loop.
 */
export function checkHost(foreign: HostRuleset, input: HostPlanInput): HostCheck {
  const { changes } = planOpenings(foreign, input);
  const leftover = changes.remove.filter((o) => o.owner !== "ufw");
  const verdicts = judgeProtocols(foreign, { ...input.config, families: input.families });
  const blocked = PROTOCOLS.filter((spec) => input.effects[spec.id].state === "active" && verdicts[spec.id].verdict === "blocked").map((spec) => spec.id);
  return { holds: changes.add.length === 0 && leftover.length === 0, missing: changes.add, leftover, blocked, verdicts };
}
