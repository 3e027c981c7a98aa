"use server";
import { passthroughChangesSchema } from "@/netfilter";
import { previewPassthrough, setPassthrough, status } from "@/lib/passthrough";
import { guardedAction } from "../../_server/action";
import { kernelBadges } from "../protocol-view";

export const previewAction = guardedAction(passthroughChangesSchema, async (changes) => {
  const preview = await previewPassthrough(changes);
  return { ok: true as const, backend: preview.backend, diff: preview.diff.filter((line) => line.kind !== "same" || line.text.trim().startsWith("chain ")) };
});

export const applyAction = guardedAction(passthroughChangesSchema, async (changes, { actor, t }) => {
  await setPassthrough(changes, { actor });
  const report = await status();
  return { ok: true as const, passthrough: report.passthrough, badges: kernelBadges(report, t) };
});
