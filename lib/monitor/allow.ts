// "Allow this device": a blocked attempt's LAN device may use the protocol, to that server. Through the scope
// service the CLI's `lintas passthrough scope` uses (one place to repoint when the scope editor's own
// allowDevice lands).
import type { Passthrough, PassthroughChanges, ProtocolId } from "../../netfilter";
import { loadConfig } from "../settings";
import { setPassthrough } from "../passthrough/change";
import type { ApplyReport, RouterOptions } from "../passthrough/types";

/**
 * The change that lets `device` (a device name or an address) reach `server` over `protocol`, and nothing more:
 * an off protocol comes on for this device alone (its stored lists kept), a LAN list gains the device, a server
 * list that does not name the server gains it. A protocol open to everyone keeps its empty LAN list.
 */
export function allowChanges(passthrough: Passthrough, protocol: ProtocolId, device: string, server: string): PassthroughChanges {
  const { enabled, scope } = passthrough[protocol];
  const lan = scope?.lan ?? [];
  const servers = scope?.servers ?? [];
  const add = (list: string[], entry: string) => (list.includes(entry) ? list : [...list, entry]);
  return {
    [protocol]: {
      enabled: true,
      scope: { lan: enabled && lan.length === 0 ? [] : add(lan, device), servers: servers.length === 0 ? [] : add(servers, server) },
    },
  } as PassthroughChanges;
}

/** Applies `allowChanges` to the stored config (audited as any switch change). */
export async function allowAttempt(protocol: ProtocolId, device: string, server: string, options: RouterOptions = {}): Promise<ApplyReport> {
  const stored = await loadConfig();
  return setPassthrough(allowChanges(stored.passthrough, protocol, device, server), options);
}
