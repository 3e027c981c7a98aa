// Changing the router: switches, network, re-apply. Each merges and validates its input, then runs the one
// pipeline (plan -> apply -> verify) inside the apply lock.
import {
  isScoped,
  networkSchema,
  passthroughChangesSchema,
  passthroughSchema,
  type Network,
  type Passthrough,
  type PassthroughChanges,
  protocolSpec,
  type ProtocolId,
} from "../../netfilter";
import { withApplyLock } from "../apply-lock";
import { InputError } from "../errors";
import { message } from "../i18n";
import { loadConfig } from "../settings";
import { requireNetwork } from "./environment";
import { networkIssueText } from "./messages";
import { expiryRequest } from "./expire";
import { applyPipeline, reconcilePending } from "./pipeline";
import { scopeInputError } from "./scope-messages";
import type { ApplyReport, RouterOptions } from "./types";

/** Merges switch changes into the stored config, then applies and stores it. Nothing changes on error. */
export async function setPassthrough(changes: PassthroughChanges, options: RouterOptions = {}): Promise<ApplyReport> {
  return (await changePassthrough(() => changes, options))!;
}

/**
 * setPassthrough with the changes worked out from the stored switches under the apply lock (an edit of a list
 * another apply may be changing); `changesFor` returning undefined: nothing to change, nothing is applied.
 */
export function changePassthrough(changesFor: (stored: Passthrough) => PassthroughChanges | undefined, options: RouterOptions = {}): Promise<ApplyReport | undefined> {
  return withApplyLock(
    async () => {
      await reconcilePending(options);
      const stored = await loadConfig();
      const network = requireNetwork(stored.network);
      const changes = changesFor(stored.passthrough);
      if (!changes) return undefined;
      const passthrough = mergePassthrough(stored.passthrough, changes, (options.now ?? Date.now)());
      return applyPipeline({ desired: { network, passthrough }, previous: stored, interfacesMustExist: false }, options);
    },
    (report) => report?.flowsCut ?? Promise.resolve(),
  );
}

/** The next apply starts once this one's open flows are cut. */
const untilFlowsCut = (report: ApplyReport) => report.flowsCut;

/**
 * The stored switches with a change merged in: a scope change replaces the lists it names and keeps the other;
 * a scope left with both lists empty is no scope (everyone, everywhere). Turning a switch on sets its deadline
 * (`forSeconds` from `now`, ms) or clears it (on until turned off); turning it off clears it.
 */
export function mergePassthrough(current: Passthrough, changes: PassthroughChanges, now = Date.now()): Passthrough {
  const merged = Object.fromEntries(
    Object.entries(current).map(([id, settings]) => {
      const { forSeconds, ...change } = changes[id as ProtocolId] ?? {};
      const scope = change.scope && { lan: [], servers: [], ...settings.scope, ...change.scope };
      return [id, { ...settings, ...change, ...(scope && { scope }), ...switchTimes(id as ProtocolId, settings, change.enabled, forSeconds, now) }];
    }),
  );
  const parsed = passthroughSchema.safeParse(merged);
  if (!parsed.success) throw switchInputError(parsed.error.issues[0]!, merged);
  for (const settings of Object.values(parsed.data)) if (settings.scope && !isScoped(settings.scope)) delete settings.scope;
  return parsed.data;
}

/** Switch changes sent from outside (the panel's actions): bad ones are an InputError naming the switch or the scope's entry. */
export function parseChanges(input: unknown): PassthroughChanges {
  const parsed = passthroughChangesSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw switchInputError(parsed.error.issues[0]!, typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {});
}

function switchInputError(issue: { path: PropertyKey[]; message: string }, input: Record<string, unknown>): InputError {
  const key = issue.path.join(".");
  return scopeInputError(issue, input) ?? new InputError(message("error.switchInvalid", { key, reason: issue.message }), key);
}

/** The deadline and the time a switch was turned on, after a change that sets `enabled` (undefined: kept as they are). */
function switchTimes(id: ProtocolId, settings: Passthrough[ProtocolId], enabled: boolean | undefined, forSeconds: number | undefined, now: number) {
  if (forSeconds !== undefined && enabled !== true) {
    throw new InputError(message("error.expiryNeedsOn", { protocol: protocolSpec(id).title, key: id }), `${id}.forSeconds`);
  }
  if (enabled === undefined) return {};
  if (!enabled) return { expiry: undefined, onSince: undefined };
  const expiry = forSeconds === undefined ? undefined : { at: new Date(now + forSeconds * 1000).toISOString(), seconds: forSeconds };
  return { expiry, onSince: settings.enabled && settings.onSince ? settings.onSince : new Date(now).toISOString() };
}

/** Replaces the network settings (fields left out keep their stored value), then applies and stores. */
export function setNetwork(changes: Partial<Network>, options: RouterOptions = {}): Promise<ApplyReport> {
  return withApplyLock(async () => {
    await reconcilePending(options);
    const stored = await loadConfig();
    const candidate = { ...stored.network, ...changes };
    const parsed = networkSchema.safeParse(candidate);
    if (!parsed.success) throw networkInputError(parsed.error.issues[0]!, candidate);
    return applyPipeline({ desired: { network: parsed.data, passthrough: stored.passthrough }, previous: stored, interfacesMustExist: true }, options);
  }, untilFlowsCut);
}

/**
 * Applies the stored config as it is: idempotent, what a boot unit runs, and the drift repair. A switch whose
 * deadline passed while nothing enforced it (the router was down) goes off in this apply, not after it.
 */
export function applyStored(options: RouterOptions = {}): Promise<ApplyReport> {
  return withApplyLock(async () => {
    await reconcilePending(options);
    const stored = await loadConfig();
    const network = requireNetwork(stored.network);
    const expiring = expiryRequest(stored, network, (options.now ?? Date.now)());
    return applyPipeline(expiring ?? { desired: { network, passthrough: stored.passthrough }, interfacesMustExist: false }, options);
  }, untilFlowsCut);
}

const NETWORK_FIELDS: Record<string, string> = { lanInterfaces: "lan", wanInterface: "wan", masquerade: "masquerade", hostFirewall: "host-firewall" };

/** A network validation issue as a message that names the field and the bad value. */
function networkInputError(issue: { path: PropertyKey[]; message: string; code: string }, input: Record<string, unknown>) {
  const key = String(issue.path[0] ?? "");
  const field = NETWORK_FIELDS[key] ?? "network";
  let value: unknown = input[key];
  if (issue.path.length > 1 && Array.isArray(value)) value = value[Number(issue.path[1])];
  if (value === undefined) return new InputError(message("error.networkRequired", { field }), field);
  const shown = typeof value === "string" ? `"${value}"` : JSON.stringify(value);
  return new InputError(message("error.networkInvalid", { field, value: shown, reason: networkIssueText(issue.message) }), field);
}
