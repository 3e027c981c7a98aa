"use server";
import { passthroughChangesSchema } from "@/netfilter";
import { previewPassthrough, setPassthrough } from "@/lib/passthrough";
import { guardedAction } from "../../_server/action";
import { answerSent } from "../../_server/answer-sent";
import { kernelBadges } from "../protocol-view";

export const previewAction = guardedAction(passthroughChangesSchema, async (changes) => {
  const preview = await previewPassthrough(changes);
  return { ok: true as const, backend: preview.backend, diff: preview.diff.filter((line) => line.kind !== "same" || line.text.trim().startsWith("chain ")) };
});

// The page renders what the pipeline returns (its own read-back): no second probe, no second read.
export const applyAction = guardedAction(passthroughChangesSchema, async (changes, { actor, t }) => {
  const report = await setPassthrough(changes, { actor, cutFlowsAfter: answerSent() });
  return {
    ok: true as const,
    passthrough: report.config.passthrough,
    badges: kernelBadges(report, t),
    warnings: report.warnings.map((w) => t(w.key, w.params)),
    timings: report.timings,
  };
});
