// "Allow this device" (the Monitor page's button beside a blocked attempt): one LAN entry added to a protocol's
// scope through the one pipeline, audited like any change.
import { scopeChangesSchema, type PassthroughChanges, type ProtocolId } from "../../netfilter";
import { changePassthrough } from "./change";
import type { ApplyReport, RouterOptions } from "./types";

/**
 * Lets `device` (an address, a CIDR block, a device name or a MAC) use `protocol`; what it does is what makes
 * that device pass, and no more:
 * - the scope lists LAN sources: the device is added to them;
 * - the list is empty (everyone) and the protocol is on: the device passes already, nothing changes (adding it
 *   would shut every other device out);
 * - the protocol is off: it is turned on, limited to its list, which is the device alone when it was empty;
 *   a blocked attempt seen while it was off asks for that device, not for every device.
 * Returns undefined when nothing changed (the device passes already). A bad entry is an InputError naming it,
 * and a device name that stands for no address now is refused; nothing changes then.
 */
export function allowDevice(protocol: ProtocolId, device: string, options: RouterOptions = {}): Promise<ApplyReport | undefined> {
  return changePassthrough((stored) => {
    const settings = stored[protocol];
    const lan = settings.scope?.lan ?? [];
    // The entry as stored (MACs lower case, networks canonical), so a device listed already is found; a bad one
    // is left for the merge to refuse with its words.
    const entry = scopeChangesSchema.safeParse({ lan: [device] }).data?.lan?.[0] ?? device;
    const listed = lan.includes(entry);
    if (settings.enabled && (listed || lan.length === 0)) return undefined;
    const change = { ...(!settings.enabled && { enabled: true }), ...(!listed && { scope: { lan: [...lan, entry] } }) };
    return { [protocol]: change } as PassthroughChanges;
  }, options);
}
