// What the Monitor page and `lintas flows --watch` show, read in one go: the open VPN flows with their LAN
// device's name, the VPNs that need no passthrough, the blocked attempts, and advice from what is seen. Reads
// only; nothing here changes the router.
import {
  listSeenFlows,
  readAccounting,
  type Accounting,
  type Attempt,
  type Device,
  type OtherVpnFlow,
  type VpnFlow,
} from "../../netfilter";
import type { Message } from "../i18n";
import { environment } from "../passthrough/environment";
import { flowStrategy } from "../passthrough/flow-strategy";
import { listDevices } from "../passthrough/scope-names";
import type { RouterOptions } from "../passthrough/types";
import { loadConfig } from "../settings";
import { adviceFor } from "./advice";

/** `device`: the LAN device's name from the DHCP leases, when it has one. */
export type MonitorFlow = VpnFlow & { device?: string };
export type MonitorOther = OtherVpnFlow & { device?: string };
/** `protocolOn`: the protocol is on now (the attempts fell outside its scope, or came before it was turned on). */
export type MonitorAttempt = Attempt & { device?: string; protocolOn: boolean };

export type MonitorView = {
  /** When it was read (ms since the epoch): ages and "last seen" count from here. */
  at: number;
  flows: MonitorFlow[];
  others: MonitorOther[];
  accounting: Accounting;
  /** Absent where they are not counted: `attemptsUnavailable` says why. */
  attempts?: MonitorAttempt[];
  attemptsUnavailable?: string;
  advice: Message[];
  /** Why conntrack cannot be asked (then there are no flows, no advice). */
  unavailable?: string;
};

export async function monitorView(options: RouterOptions = {}): Promise<MonitorView> {
  const [stored, env] = await Promise.all([loadConfig(), environment(options)]);
  const [seen, accounting, devices, attempts] = await Promise.all([
    env.capabilities.conntrack.available ? listSeenFlows(env.runner, flowStrategy(env)) : undefined,
    readAccounting(env.runner),
    stored.network ? listDevices(stored.network, env.runner).catch((): Device[] => []) : [],
    env.choice.backend.attempts?.(),
  ]);
  const names = deviceNames(devices);
  const named = <T extends { client: string }>(item: T) => {
    const device = names.get(item.client);
    return device ? { ...item, device } : item;
  };
  return {
    at: Date.now(),
    flows: seen?.flows.map(named) ?? [],
    others: seen?.others.map(named) ?? [],
    accounting,
    ...(attempts
      ? { attempts: attempts.map((a) => ({ ...named(a), protocolOn: stored.passthrough[a.protocol].enabled })) }
      : { attemptsUnavailable: env.capabilities.ipset.reason ?? env.choice.backend.name }),
    advice: seen ? adviceFor(seen.flows, seen.others) : [],
    ...(env.capabilities.conntrack.available ? {} : { unavailable: env.capabilities.conntrack.reason }),
  };
}

/** Each address of a named device, to its name. */
function deviceNames(devices: readonly Device[]): Map<string, string> {
  return new Map(devices.flatMap((d) => (d.name ? d.addresses.map((address) => [address, d.name!] as const) : [])));
}
