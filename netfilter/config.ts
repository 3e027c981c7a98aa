// The passthrough config. These zod schemas are the single source of truth for the types (inferred from them);
// the CLI, the web panel and the database all validate through them. The per-protocol shapes are built from the
// catalogue (netfilter/protocols.ts): a new protocol or sub-option needs no change here.
// `* as z` (zod's own recommendation) lets a bundler keep only the parts used: the CLI parses ~half the code.
import * as z from "zod";
import { optionsOf, PROTOCOL_IDS, type OptionId, type OptionSpec, type ProtocolId } from "./protocols";
import { expirySchema, expirySecondsSchema } from "./duration";
import { scopeChangesSchema, scopeSchema } from "./scope";

export const protocolIdSchema = z.enum(PROTOCOL_IDS, {
  error: (issue) => `unknown protocol "${String(issue.input)}": accepted values are ${PROTOCOL_IDS.join(", ")}`,
});

/**
 * Why a network setting is refused. The schemas' messages are these ids, not sentences: lib/i18n words each
 * one (key `network.issue.<id>`) in the reader's language.
 */
export type NetworkIssue = "interfaceEmpty" | "interfaceTooLong" | "interfaceDots" | "interfaceSeparator" | "interfaceQuote" | "lanRequired" | "lanTwice" | "wanIsLan";
const issue = (id: NetworkIssue) => id;

// Kernel rules for interface names (dev_valid_name): 1-15 bytes, not "." or "..", no "/", ":" or whitespace.
export const interfaceNameSchema = z
  .string()
  .min(1, issue("interfaceEmpty"))
  .max(15, issue("interfaceTooLong"))
  .refine((name) => name !== "." && name !== "..", issue("interfaceDots"))
  .refine((name) => !/[/:\s]/.test(name), issue("interfaceSeparator"))
  .refine((name) => !/["\\]/.test(name), issue("interfaceQuote"));

/**
 * What Lintas does about another firewall on the forward path (Docker, ufw, firewalld, fw4, an nftables.conf):
 * `open` adds each switched-on protocol's openings through that firewall's own extension point, `report` only
 * says what it does to the traffic.
 */
export const HOST_FIREWALL_MODES = ["open", "report"] as const;
export type HostFirewallMode = (typeof HOST_FIREWALL_MODES)[number];

export const networkSchema = z
  .object({
    lanInterfaces: z.array(interfaceNameSchema).min(1, issue("lanRequired")),
    wanInterface: interfaceNameSchema,
    masquerade: z.boolean(),
    // A network stored before this setting existed reads as the default.
    hostFirewall: z.enum(HOST_FIREWALL_MODES).default("open"),
  })
  .strict()
  .refine((n) => new Set(n.lanInterfaces).size === n.lanInterfaces.length, {
    message: issue("lanTwice"),
    path: ["lanInterfaces"],
  })
  .refine((n) => !n.lanInterfaces.includes(n.wanInterface), {
    message: issue("wanIsLan"),
    path: ["wanInterface"],
  });
export type Network = z.infer<typeof networkSchema>;

// Per-protocol switches. Each protocol is an object so later options (expiry) are new fields, not a new shape.
type SwitchShape<Id extends ProtocolId, Field extends z.ZodType> = { enabled: z.ZodBoolean } & { [O in OptionId<Id>]: Field };

function switchShape<Id extends ProtocolId, Field extends z.ZodType>(id: Id, field: (option: OptionSpec) => Field) {
  const options = Object.fromEntries(optionsOf(id).map(([name, option]) => [name, field(option)]));
  return { enabled: z.boolean(), ...options } as SwitchShape<Id, Field>;
}

/**
 * One protocol's switch: `enabled` and every sub-option, a missing sub-option taking the catalogue's default, and
 * its scope: who may use it, to where. No scope (configs stored before scopes existed too) is everyone, everywhere.
 * A switch that is on may have a deadline (`expiry`: it turns itself off then) and knows since when it is on
 * (`onSince`, for the reminder). The deadline is in the rules too: the kernel blocks the protocol from then on (deadline.ts).
 */
const protocolSchema = <Id extends ProtocolId>(id: Id) =>
  z
    .object({
      ...switchShape(id, (option) => z.boolean().default(option.default)),
      scope: scopeSchema.optional(),
      expiry: expirySchema.optional(),
      onSince: z.iso.datetime().optional(),
    })
    .strict();

/**
 * A change to one protocol's switch: any subset of its fields and of its scope's lists, no defaults filled in.
 * `forSeconds` goes with `enabled: true`: the switch turns itself off that long after the change is applied.
 */
const protocolChangesSchema = <Id extends ProtocolId>(id: Id) =>
  z.object({ ...switchShape(id, () => z.boolean()), scope: scopeChangesSchema, forSeconds: expirySecondsSchema }).partial().strict();

/** One value per protocol, keyed by id. Object.fromEntries forgets which value belongs to which id; T keeps it. */
function perProtocol<T extends Record<ProtocolId, unknown>>(make: (id: ProtocolId) => T[ProtocolId]): T {
  return Object.fromEntries(PROTOCOL_IDS.map((id) => [id, make(id)])) as T;
}

// A missing protocol is off: a config stored before a protocol was added reads as it did.
const protocolSchemas = perProtocol<{ [Id in ProtocolId]: z.ZodPrefault<ReturnType<typeof protocolSchema<Id>>> }>((id) =>
  protocolSchema(id).prefault({ enabled: false }),
);
const protocolChangesSchemas = perProtocol<{ [Id in ProtocolId]: ReturnType<typeof protocolChangesSchema<Id>> }>(protocolChangesSchema);

export const passthroughSchema = z.object(protocolSchemas).strict();
export type Passthrough = z.infer<typeof passthroughSchema>;

/** A partial change to the switches: any subset of protocols and options (no defaults filled in). */
export const passthroughChangesSchema = z.object(protocolChangesSchemas).partial().strict();
export type PassthroughChanges = z.infer<typeof passthroughChangesSchema>;

export const configSchema = z.object({ network: networkSchema, passthrough: passthroughSchema }).strict();
export type LintasConfig = z.infer<typeof configSchema>;

// Passthrough is off until an admin turns it on: PPTP's crypto is broken and nothing should cross the router
// without a decision. Sub-options take the catalogue's defaults.
export const DEFAULT_PASSTHROUGH: Passthrough = passthroughSchema.parse({});
