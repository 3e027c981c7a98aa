"use server";
import { z } from "zod";
import { applyStored } from "@/lib/passthrough";
import { guardedAction } from "../../_server/action";

export const reapplyAction = guardedAction(z.undefined(), async (_input, { actor, t }) => {
  await applyStored({ actor });
  return { ok: true as const, message: t("status.reapplied") };
});
