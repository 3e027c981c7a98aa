// The passthrough config. These zod schemas are the single source of truth: every type is inferred from them,
// and the CLI, the web panel and the database all validate through them.
// `* as z` (zod's own recommendation) lets a bundler keep only the parts used: the CLI parses ~half the code.
import * as z from "zod";

export const PROTOCOL_IDS = ["pptp", "ipsec", "l2tp"] as const;
export const protocolIdSchema = z.enum(PROTOCOL_IDS, {
  error: (issue) => `unknown protocol "${String(issue.input)}": accepted values are ${PROTOCOL_IDS.join(", ")}`,
});
export type ProtocolId = z.infer<typeof protocolIdSchema>;

// Kernel rules for interface names (dev_valid_name): 1-15 bytes, not "." or "..", no "/", ":" or whitespace.
export const interfaceNameSchema = z
  .string()
  .min(1, "interface name is empty")
  .max(15, "interface name is longer than 15 characters")
  .refine((name) => name !== "." && name !== "..", "interface name cannot be . or ..")
  .refine((name) => !/[/:\s]/.test(name), "interface name cannot contain /, : or whitespace")
  .refine((name) => !/["\\]/.test(name), 'interface name cannot contain " or \\');

export const networkSchema = z
  .object({
    lanInterfaces: z.array(interfaceNameSchema).min(1, "at least one LAN interface is required"),
    wanInterface: interfaceNameSchema,
    masquerade: z.boolean(),
  })
  .strict()
  .refine((n) => new Set(n.lanInterfaces).size === n.lanInterfaces.length, {
    message: "a LAN interface is listed twice",
    path: ["lanInterfaces"],
  })
  .refine((n) => !n.lanInterfaces.includes(n.wanInterface), {
    message: "the WAN interface cannot also be a LAN interface",
    path: ["wanInterface"],
  });
export type Network = z.infer<typeof networkSchema>;

// Per-protocol switches. Each protocol is an object so later options (allowed LAN hosts, allowed remote
// servers, expiry) are new optional fields, not a new shape.
export const pptpSchema = z.object({ enabled: z.boolean() }).strict();
export const ipsecSchema = z
  .object({
    enabled: z.boolean(),
    natT: z.boolean().default(true),
    esp: z.boolean().default(true),
    ah: z.boolean().default(false),
  })
  .strict();
export const l2tpSchema = z.object({ enabled: z.boolean() }).strict();

export const passthroughSchema = z
  .object({ pptp: pptpSchema, ipsec: ipsecSchema, l2tp: l2tpSchema })
  .strict();
export type Passthrough = z.infer<typeof passthroughSchema>;

/** A partial change to the switches: any subset of protocols and options (no defaults filled in). */
export const passthroughChangesSchema = z
  .object({
    pptp: z.object({ enabled: z.boolean() }).partial().strict(),
    ipsec: z.object({ enabled: z.boolean(), natT: z.boolean(), esp: z.boolean(), ah: z.boolean() }).partial().strict(),
    l2tp: z.object({ enabled: z.boolean() }).partial().strict(),
  })
  .partial()
  .strict();
export type PassthroughChanges = z.infer<typeof passthroughChangesSchema>;

export const configSchema = z.object({ network: networkSchema, passthrough: passthroughSchema }).strict();
export type LintasConfig = z.infer<typeof configSchema>;

// Passthrough is off until an admin turns it on: PPTP's crypto is broken and nothing should cross the
// router without a decision.
export const DEFAULT_PASSTHROUGH: Passthrough = {
  pptp: { enabled: false },
  ipsec: { enabled: false, natT: true, esp: true, ah: false },
  l2tp: { enabled: false },
};
