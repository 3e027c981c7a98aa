// "Allow this device" (the Monitor page's button beside a blocked attempt): the device, and the server it tried
// when the scope lists servers, added to a protocol's scope through the one pipeline, audited like any change.
import { scopeChangesSchema, type Passthrough, type PassthroughChanges, type ProtocolId } from "../../netfilter";
import { changePassthrough, parseChanges } from "./change";
import type { ApplyReport, RouterOptions } from "./types";

/** A LAN device (an address, a CIDR block, a device name or a MAC) and, optionally, the server it tried to reach. */
export type Allowed = { device: string; server?: string };

/**
 * The change that makes `device` pass (to `server`), and no more; undefined when it passes already:
 * - the scope lists LAN sources: the device is added to them;
 * - the list is empty (everyone) and the protocol is on: the device passes already (adding it would shut every
 *   other device out);
 * - the protocol is off: it is turned on, limited to its list, which is the device alone when it was empty;
 *   a blocked attempt seen while it was off asks for that device, not for every device;
 * - the scope lists servers and not `server`: the server is added (an empty list, everywhere, stays empty).
 */
export function allowChanges(passthrough: Passthrough, protocol: ProtocolId, { device, server }: Allowed): PassthroughChanges | undefined {
  const settings = passthrough[protocol];
  const lan = settings.scope?.lan ?? [];
  const servers = settings.scope?.servers ?? [];
  // Entries as stored (MACs lower case, networks canonical), so one listed already is found; a bad one is left
  // for the merge to refuse with its words.
  const stored = scopeChangesSchema.safeParse({ lan: [device], servers: server ? [server] : [] }).data;
  const device_ = stored?.lan?.[0] ?? device;
  const server_ = server && (stored?.servers?.[0] ?? server);
  const addDevice = lan.includes(device_) || (settings.enabled && lan.length === 0) ? undefined : [...lan, device_];
  const addServer = server_ && servers.length > 0 && !servers.includes(server_) ? [...servers, server_] : undefined;
  if (settings.enabled && !addDevice && !addServer) return undefined;
  const scope = { ...(addDevice && { lan: addDevice }), ...(addServer && { servers: addServer }) };
  return { [protocol]: { ...(!settings.enabled && { enabled: true }), ...(Object.keys(scope).length > 0 && { scope }) } } as PassthroughChanges;
}

/** Applies `allowChanges` to the stored config under the apply lock. A bad entry is an InputError naming it, and a
 * device name that stands for no address now is refused; nothing changes then. */
export async function allowDevice(protocol: ProtocolId, allowed: Allowed, options: RouterOptions = {}): Promise<ApplyReport | undefined> {
  // Checked before the router's state is read: a bad entry is refused in words naming it, whatever that state.
  parseChanges({ [protocol]: { scope: { lan: [allowed.device], ...(allowed.server && { servers: [allowed.server] }) } } });
  return changePassthrough((stored) => allowChanges(stored, protocol, allowed), options);
}
