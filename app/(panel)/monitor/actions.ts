"use server";
import { z } from "zod";
import { allowDevice } from "@/lib/passthrough";
import { protocolIdSchema, protocolSpec } from "@/netfilter";
import { guardedAction } from "../../_server/action";
import { answerSent } from "../../_server/answer-sent";

// The entries themselves (a device name or an address, a server address) are checked by the scope schema.
const allowSchema = z.object({ protocol: protocolIdSchema, device: z.string().min(1).max(253), server: z.string().min(1).max(253) }).strict();

export const allowDeviceAction = guardedAction(allowSchema, async ({ protocol, device, server }, { actor, t }) => {
  await allowDevice(protocol, { device, server }, { actor, cutFlowsAfter: answerSent() });
  return { ok: true as const, message: t("monitor.allowed", { device, protocol: protocolSpec(protocol).title, server }) };
});
