"use server";
import { z } from "zod";
import { flowsInUse, flowsToCut, parseChanges, previewPassthrough, setPassthrough, type InUse } from "@/lib/passthrough";
import { loadApplied } from "@/lib/settings";
import { NO_NAMES } from "@/netfilter";
import { guardedAction } from "../../_server/action";
import { kernelBadges } from "../protocol-view";

const anyUse = (inUse: InUse) => Object.values(inUse.protocols).some((use) => use.uses.length > 0);

/** Who uses each VPN now: asked by the page once it shows, so the conntrack query never delays the page itself. */
export const inUseAction = guardedAction(z.object({}).strict(), async () => ({ ok: true as const, inUse: await flowsInUse() }));

// The changes' envelope only: the service parses them (parseChanges), so a bad scope entry is refused in words
// that name it, as the page shows it while typing.
const changesInput = z.record(z.string(), z.unknown());

export const previewAction = guardedAction(changesInput, async (input) => {
  const changes = parseChanges(input);
  const [preview, cut] = await Promise.all([previewPassthrough(changes), flowsToCut(changes)]);
  return { ok: true as const, backend: preview.backend, diff: preview.diff.filter((line) => line.kind !== "same" || line.text.trim().startsWith("chain ")), cut };
});

const applyInput = z.object({ changes: changesInput, cutConfirmed: z.boolean() }).strict();

/**
 * Save & apply. Unless the admin has confirmed it, a change that would cut open connections is not applied: the
 * answer names them for the page to ask first. Otherwise the page renders what the pipeline returns (its own
 * read-back: no second probe, no second read); how many flows were cut follows in the same answer once the cut,
 * started after the report, is done.
 */
export const applyAction = guardedAction(applyInput, async (input, { actor, t }) => {
  const changes = parseChanges(input.changes);
  if (!input.cutConfirmed) {
    const cut = await flowsToCut(changes);
    if (anyUse(cut)) return { ok: true as const, applied: false as const, cut };
  }
  let answering = () => {};
  const answered = new Promise<void>((resolve) => (answering = resolve));
  try {
    const report = await setPassthrough(changes, { actor, cutFlowsAfter: answered });
    return {
      ok: true as const,
      applied: true as const,
      passthrough: report.config.passthrough,
      // what the scopes' names stood for in this apply, shown beside each name
      names: loadApplied()?.names ?? NO_NAMES,
      badges: kernelBadges(report, t),
      warnings: report.warnings.map((w) => t(w.key, w.params)),
      timings: report.timings,
      cut: report.cut,
      flowsCut: report.flowsCut,
    };
  } finally {
    // The report goes out first; the cut starts on the next turn of the event loop.
    setTimeout(answering, 0);
  }
});
