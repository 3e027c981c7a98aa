// `lintas trace` and the panel's Diagnose: mark one protocol's packets for nftables tracing, follow
// `nft monitor`, and hand over each packet's path as it finishes. The trace table is removed when the time is
// up, when the caller aborts, or at the next trace if a crash left it behind.
import { isIP } from "node:net";
import {
  commandRunner,
  createPathAssembler,
  followTrace,
  installTraceTable,
  protocolIdSchema,
  readTraceTable,
  removeTraceTable,
  ruleTexts,
  type ProtocolId,
  type Runner,
  type TracedPacket,
} from "../../netfilter";
import { audit, cliActor, type Actor } from "../audit";
import { ApplyFailedError, InputError } from "../errors";
import { message } from "../i18n";
import { currentCapabilities } from "../passthrough/capabilities-cache";
import { requireNetwork } from "../passthrough/environment";
import { loadConfig } from "../settings";

export const TRACE_SECONDS = { default: 10, max: 60 } as const;
/** A packet nothing was heard of for this long has ended outside nftables (its events come all at once). */
const QUIET_MS = 1000;
const TICK_MS = 250;
/** Events of packets in flight when the table goes: waited for before the monitor stops. */
const DRAIN_MS = 150;
/** How long one install waits to hear the monitor report the table; a silent monitor was not listening yet. */
const HEAR_MS = 100;
const INSTALL_TRIES = 30;
/** Packets kept for the result; more are counted (the terminal and the panel see every one live). */
const KEPT_PACKETS = 1000;

/** As a caller got it: seconds may still be the word typed. */
export type TraceRequest = { protocol: string; from?: string; seconds?: number | string };

export type TraceStart = {
  protocol: ProtocolId;
  from?: string;
  seconds: number;
  lanInterfaces: string[];
  wanInterface: string;
  /** A trace table an earlier trace left behind (its process gone or its time long past), removed first. */
  removedLeftover?: { pid?: number };
};

export type TraceResult = TraceStart & {
  packets: TracedPacket[];
  /** Every packet traced, including those beyond the kept ones. */
  packetCount: number;
  stoppedBy: "time" | "signal";
};

export type TraceOptions = {
  runner?: Runner;
  /** Who asked, for the audit log (the CLI when absent): a trace adds a table to the firewall for a while. */
  actor?: Actor;
  /** Stops the trace early (Ctrl-C, the dialog closed); the table is removed all the same. */
  signal?: AbortSignal;
  onStart?(start: TraceStart): void;
  /** Each packet once its path is complete, in the order they finished. */
  onPacket?(packet: TracedPacket): void;
};

export function parseTraceRequest(request: TraceRequest): { protocol: ProtocolId; from?: string; seconds: number } {
  const protocol = protocolIdSchema.safeParse(request.protocol);
  if (!protocol.success) throw new InputError(protocol.error.issues[0]!.message, "protocol");
  if (request.from !== undefined && isIP(request.from) === 0) {
    throw new InputError(message("error.traceFrom", { value: request.from }), "from");
  }
  const seconds = request.seconds === undefined ? TRACE_SECONDS.default : Number(request.seconds);
  if (!/^\d+$/.test(String(request.seconds ?? seconds)) || seconds < 1 || seconds > TRACE_SECONDS.max) {
    throw new InputError(message("error.traceSeconds", { value: String(request.seconds), max: TRACE_SECONDS.max }), "seconds");
  }
  return { protocol: protocol.data, from: request.from, seconds };
}

export async function runTrace(request: TraceRequest, options: TraceOptions = {}): Promise<TraceResult> {
  const { protocol, from, seconds } = parseTraceRequest(request);
  const network = requireNetwork(loadConfig().network);
  const runner = options.runner ?? commandRunner();
  const { nftables } = await currentCapabilities(runner);
  if (!nftables.available) throw new ApplyFailedError(message("error.traceNeedsNft", { reason: nftables.reason ?? "" }));
  const removedLeftover = await removeLeftover(runner);
  const start: TraceStart = { protocol, from, seconds, lanInterfaces: network.lanInterfaces, wanInterface: network.wanInterface, removedLeftover };

  const assembler = createPathAssembler({ lan: network.lanInterfaces, wan: network.wanInterface });
  const packets: TracedPacket[] = [];
  let packetCount = 0;
  const withRules = ruleResolver(runner);
  let delivered = Promise.resolve();
  const deliver = (finished: TracedPacket[]) => {
    for (const packet of finished) {
      delivered = delivered.then(async () => {
        await withRules(packet);
        if (++packetCount <= KEPT_PACKETS) packets.push(packet);
        options.onPacket?.(packet);
      });
    }
  };

  let heard = 0;
  const monitor = followTrace(runner, seconds + 30, {
    onEvent: (event) => deliver(assembler.feed(event, Date.now())),
    onTableAdded: () => heard++,
  });
  let stoppedBy: TraceResult["stoppedBy"];
  try {
    await installWhileHeard(runner, { protocol, from, lanInterfaces: network.lanInterfaces, wanInterface: network.wanInterface }, seconds, () => heard, monitor.exited);
    audit({ actor: options.actor ?? cliActor(), action: "trace", ok: true, detail: { protocol, seconds, ...(from ? { from } : {}) } });
    options.onStart?.(start);
    const ticker = setInterval(() => deliver(assembler.expire(Date.now(), QUIET_MS)), TICK_MS);
    try {
      stoppedBy = await stopWhen(seconds * 1000, options.signal, monitor.exited);
    } finally {
      clearInterval(ticker);
    }
  } finally {
    await removeTraceTable(runner).finally(async () => {
      await sleep(DRAIN_MS);
      monitor.stop();
      await monitor.exited;
    });
  }
  deliver(assembler.flush());
  await delivered;
  return { ...start, packets, packetCount, stoppedBy };
}

/** A table left by a trace whose process is gone (or whose time is long past) is removed; a running one is not. */
async function removeLeftover(runner: Runner): Promise<TraceStart["removedLeftover"]> {
  const table = await readTraceTable(runner);
  if (!table.present) return undefined;
  const owner = table.owner;
  if (owner && owner.until > Date.now() && isAlive(owner.pid)) {
    throw new ApplyFailedError(message("error.traceBusy", { pid: owner.pid, seconds: Math.ceil((owner.until - Date.now()) / 1000) }));
  }
  await removeTraceTable(runner);
  return { pid: owner?.pid };
}

/**
 * Installs the table until the monitor reports it: a monitor that has not subscribed yet hears nothing, and
 * packets marked before it listens would be lost. Each install is the same idempotent replace.
 */
async function installWhileHeard(
  runner: Runner,
  scope: Parameters<typeof installTraceTable>[1],
  seconds: number,
  heard: () => number,
  monitorExited: Promise<{ code: number; stderr: string }>,
): Promise<void> {
  let exited: { code: number; stderr: string } | undefined;
  void monitorExited.then((result) => (exited = result));
  for (let attempt = 0; attempt < INSTALL_TRIES; attempt++) {
    const before = heard();
    // The owner's time covers the monitor's start, the trace and the drain.
    await installTraceTable(runner, scope, { pid: process.pid, until: Date.now() + (seconds + 5) * 1000 });
    for (let waited = 0; waited < HEAR_MS && !exited; waited += 20) {
      if (heard() > before) return;
      await sleep(20);
    }
    if (exited) break;
  }
  const reason = exited ? `nft monitor exited (${exited.code}): ${exited.stderr.trim().split("\n")[0] ?? ""}` : "nft monitor did not report the trace table";
  throw new ApplyFailedError(message("error.traceMonitor", { reason }));
}

function stopWhen(ms: number, signal: AbortSignal | undefined, monitorExited: Promise<{ code: number; stderr: string }>): Promise<TraceResult["stoppedBy"]> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return resolve("signal");
    const timer = setTimeout(() => resolve("time"), ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve("signal");
    });
    void monitorExited.then(({ code, stderr }) => {
      clearTimeout(timer);
      reject(new ApplyFailedError(message("error.traceMonitor", { reason: `nft monitor exited (${code}): ${stderr.trim().split("\n")[0] ?? ""}` })));
    });
  });
}

/** Fills in rules nft printed only by handle (added after the monitor started), one listing per table. */
function ruleResolver(runner: Runner): (packet: TracedPacket) => Promise<void> {
  const tables = new Map<string, Promise<Map<number, string>>>();
  const lookup = (family: string, table: string, handle: number) => {
    const key = `${family} ${table}`;
    if (!tables.has(key)) tables.set(key, ruleTexts(runner, family, table));
    return tables.get(key)!.then((rules) => rules.get(handle));
  };
  return async (packet) => {
    for (const hop of packet.hops) {
      if (hop.rule === undefined && hop.handle !== undefined) hop.rule = await lookup(hop.family, hop.table, hop.handle);
    }
    const end = packet.end;
    if (end.kind === "dropped" && end.rule === undefined && end.handle !== undefined) {
      end.rule = await lookup(end.at.family, end.at.table, end.handle);
      end.reject = /\breject\b/.test(end.rule ?? "");
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
