"use server";
import { z } from "zod";
import { applyStored, setNetwork } from "@/lib/passthrough";
import { HOST_FIREWALL_MODES } from "@/netfilter";
import { guardedAction } from "../../_server/action";
import { answerSent } from "../../_server/answer-sent";

// The apply's warnings (a deadline only the watcher keeps, a host firewall in the way) are said too, as setHostFirewallAction says them.
export const reapplyAction = guardedAction(z.undefined(), async (_input, { actor, t }) => {
  const report = await applyStored({ actor, cutFlowsAfter: answerSent() });
  return { ok: true as const, message: [t("status.reapplied"), ...report.warnings.map((w) => t(w.key, w.params))].join("\n"), warned: report.warnings.length > 0 };
});

// The host-firewall mode is a network setting: it goes through the same pipeline (apply, openings, read-back).
export const setHostFirewallAction = guardedAction(z.object({ mode: z.enum(HOST_FIREWALL_MODES) }).strict(), async ({ mode }, { actor, t }) => {
  const report = await setNetwork({ hostFirewall: mode }, { actor, cutFlowsAfter: answerSent() });
  return { ok: true as const, message: [t("status.hostFirewall.saved"), ...report.warnings.map((w) => t(w.key, w.params))].join("\n"), warned: report.warnings.length > 0 };
});
