// `lintas trace pptp|ipsec|l2tp [--from LAN_ADDRESS] [--seconds N] [--json]`: where that protocol's packets go
// through this router's firewall. Prints each new path as it happens; Ctrl-C or SIGTERM stops early, and the
// trace table is removed either way.
import { ApplyFailedError, InputError } from "../lib/errors";
import { translator } from "../lib/i18n";
import { packetView, runTrace, traceVerdict, type PacketView } from "../lib/trace";
import { PROTOCOL_IDS, protocolSpec, type TracedPacket } from "../netfilter";
import { parseArgs } from "./args";
import { formatPacketBlock, formatTraceHeader, formatTraceSummary, type PathCount } from "./trace-format";

const t = translator("en");

export async function traceCommand(words: string[]): Promise<{ output: string; code?: number }> {
  const { positionals, flags } = parseArgs(words, ["from", "seconds"], ["json"]);
  if (positionals.length !== 1) {
    throw new InputError(`trace takes one protocol (${PROTOCOL_IDS.join(", ")}), got "${positionals.join(" ")}"`);
  }
  const json = flags.has("json");
  const from = flags.get("from");
  const seconds = flags.get("seconds");
  // JSON goes to stdout whole at the end; what a person watches goes where it does not mix with it.
  const say = (text: string) => (json ? process.stderr : process.stdout).write(`${text}\n`);

  const paths = new Map<string, PathCount>();
  const seen = (view: PacketView) => {
    const known = paths.get(view.key);
    if (known) known.count++;
    else {
      paths.set(view.key, { view, count: 1 });
      if (!json) say(`\n${formatPacketBlock(view)}`);
    }
  };

  const stop = new AbortController();
  const abort = () => stop.abort();
  process.once("SIGINT", abort).once("SIGTERM", abort);
  try {
    const result = await runTrace(
      {
        protocol: positionals[0]!,
        from: typeof from === "string" ? from : undefined,
        seconds: typeof seconds === "string" ? seconds : undefined,
      },
      {
        signal: stop.signal,
        onStart: (start) => say(formatTraceHeader(start)),
        onPacket: (packet: TracedPacket) => seen(packetView(packet, t)),
      },
    );
    if (json) {
      const packets = result.packets.map((packet) => ({ ...packet, result: packetView(packet, t).end }));
      return { output: JSON.stringify({ ...result, packets }, null, 2) };
    }
    const none = t("trace.none", { protocol: protocolSpec(result.protocol).title });
    // The outcome in one sentence after the paths (with no packet, the summary has said it).
    const verdict = traceVerdict(result);
    const outcome = result.packets.length > 0 ? `\n${t(verdict.key, verdict.params)}` : "";
    return { output: `\n${formatTraceSummary(result, [...paths.values()], none)}${outcome}` };
  } catch (error) {
    // The trace could not start or follow (no nft, another trace running): nothing of the router was changed.
    if (!(error instanceof ApplyFailedError)) throw error;
    process.stderr.write(`lintas: trace failed: ${error.message}\n`);
    return { output: "", code: 1 };
  } finally {
    process.off("SIGINT", abort).off("SIGTERM", abort);
  }
}

