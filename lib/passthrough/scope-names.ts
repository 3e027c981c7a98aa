// What the scopes' names stand for at apply time: LAN devices (names, MACs) from the DHCP leases and the
// neighbour table, server host names from the system resolver (/etc/hosts, DNS). A name that resolves to
// nothing lets nothing through (an empty set never means everyone); a name being added must resolve. A resolver
// that fails (a timeout, a server failure: no answer, not "no such name") keeps the addresses the name last had.
import { lookup } from "node:dns/promises";
import { readFile } from "node:fs/promises";
import {
  deviceAddresses,
  lanDevices,
  listNeighbours,
  namesIn,
  namesTable,
  NO_NAMES,
  parseLeases,
  PROTOCOL_IDS,
  SCOPE_LISTS,
  type Device,
  type LintasConfig,
  type Network,
  type Passthrough,
  type ProtocolId,
  type Runner,
  type ScopeList,
  type ScopeNames,
} from "../../netfilter";

/** How host names are resolved: the system resolver by default; tests pass their own. */
export type HostLookup = (name: string) => Promise<string[]>;

const LOOKUP_TIMEOUT_MS = 3000;

const systemLookup: HostLookup = async (name) => (await lookup(name, { all: true, verbatim: true })).map((a) => a.address);

/** Where DHCP leases are read: LINTAS_DHCP_LEASES (colon-separated), else where dnsmasq keeps them on Debian and OpenWrt. */
function leaseFiles(): string[] {
  const configured = process.env.LINTAS_DHCP_LEASES;
  return configured ? configured.split(":").filter(Boolean) : ["/var/lib/misc/dnsmasq.leases", "/tmp/dhcp.leases"];
}

/** The LAN devices the router knows now: DHCP leases joined with the neighbour table by MAC. */
export async function listDevices(network: Network, runner: Runner): Promise<Device[]> {
  const [texts, neighbours] = await Promise.all([Promise.all(leaseFiles().map((file) => readFile(file, "utf8").catch(() => ""))), listNeighbours(runner)]);
  return lanDevices(parseLeases(texts.join("\n")), neighbours, network.lanInterfaces);
}

/** A name that stands for no address now: a device not in the leases or the neighbour table, a host name that does not resolve. */
export type UnresolvedName = { protocol: ProtocolId; list: ScopeList; name: string; isNew: boolean; error?: string };
/** `kept`: host names whose resolver failed, standing for their last addresses. */
export type Resolution = { names: ScopeNames; unresolved: UnresolvedName[]; kept: { name: string; error: string }[] };

/** Answers that say the name has no address; any other error is the resolver failing. */
const NO_ADDRESS = new Set(["ENOTFOUND", "ENODATA", "ENONAME"]);

type Wanted = { protocol: ProtocolId; list: ScopeList; name: string; isNew: boolean };

/**
 * Resolves the names of the scopes that take effect (protocols switched on) and the names a change adds
 * (`previous`: the stored config it starts from), each name once. `last`: what the names stood for at the last
 * apply, kept for a host name whose resolver fails.
 */
export async function resolveScopeNames(
  config: LintasConfig,
  previous: Passthrough | undefined,
  runner: Runner,
  lookupHost: HostLookup = systemLookup,
  last: ScopeNames = NO_NAMES,
): Promise<Resolution> {
  const wanted = wantedNames(config.passthrough, previous);
  const names: ScopeNames = { devices: {}, hosts: {} };
  const kept: Resolution["kept"] = [];
  if (wanted.length === 0) return { names, unresolved: [], kept };
  const unique = (list: ScopeList) => [...new Set(wanted.filter((w) => w.list === list).map((w) => w.name))];
  const errors = new Map<string, string>();

  const devices = unique("lan");
  if (devices.length > 0) {
    const known = await listDevices(config.network, runner);
    for (const name of devices) names.devices[name] = deviceAddresses(known, name);
  }
  await Promise.all(
    unique("servers").map(async (name) => {
      try {
        names.hosts[name] = await withTimeout(lookupHost(name), LOOKUP_TIMEOUT_MS);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        const lastAddresses = last.hosts[name] ?? [];
        names.hosts[name] = NO_ADDRESS.has(reason) ? [] : lastAddresses;
        if (names.hosts[name].length > 0) kept.push({ name, error: reason });
        else errors.set(name, reason);
      }
    }),
  );
  const unresolved = wanted
    .filter((w) => names[namesTable(w.list)][w.name]!.length === 0)
    .map((w) => ({ ...w, ...(errors.has(w.name) && { error: errors.get(w.name) }) }));
  return { names, unresolved, kept };
}

function wantedNames(passthrough: Passthrough, previous: Passthrough | undefined): Wanted[] {
  return PROTOCOL_IDS.flatMap((protocol) =>
    SCOPE_LISTS.flatMap((list) => {
      const before = new Set(previous?.[protocol].scope?.[list] ?? []);
      return namesIn(passthrough[protocol].scope?.[list] ?? [], list)
        .map((name) => ({ protocol, list, name, isNew: previous !== undefined && !before.has(name) }))
        .filter((w) => w.isNew || passthrough[protocol].enabled);
    }),
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error("timeout"), { code: "ETIMEOUT" })), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
