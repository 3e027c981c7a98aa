"use server";
import { z } from "zod";
import { knownDevices } from "@/lib/passthrough";
import { guardedAction } from "../../_server/action";

/** The LAN devices the router knows (DHCP leases, neighbour table), for the scope editor's device picker. */
export const devicesAction = guardedAction(z.object({}).strict(), async () => ({ ok: true as const, devices: await knownDevices() }));
