// `lintas flows --watch`: the Monitor page in a terminal, redrawn every 2 seconds until Ctrl-C (SIGINT) or
// SIGTERM. A reader that goes away (`| head`) ends it quietly: main.ts exits on EPIPE.
import { translator } from "../lib/i18n";
import { monitorPayload, monitorView, type MonitorPayload } from "../lib/monitor";
import type { BackendName } from "../netfilter";
import { keepHelperPrograms, stopKeepingHelperPrograms } from "../netfilter/kept-programs";
import { textTable } from "./format";

const REDRAW_MS = 2000;
// Home and clear screen: a terminal redraws in place; a pipe or a file gets one block after another.
const CLEAR = "\x1b[H\x1b[2J";

function formatMonitor(payload: MonitorPayload): string {
  const lines = [`Lintas monitor, ${new Date(payload.at).toISOString().replace("T", " ").slice(0, 19)} UTC (Ctrl-C ends)`, ""];
  const header = ["vpn", "LAN device", "server", "ports/call IDs", "sent", "received", "age", "replies go to"];
  const rows = (list: MonitorPayload["flows"]) => list.map((f) => [f.vpn, f.device, f.server, f.detail, f.sent, f.received, f.age, f.nat]);
  if (payload.unavailable) lines.push(`open flows cannot be read: ${payload.unavailable}`);
  else lines.push(payload.flows.length > 0 ? textTable(header, rows(payload.flows)) : "no VPN flows open");
  lines.push(...payload.notes);
  if (payload.others.length > 0) lines.push("", "VPNs that need no passthrough:", textTable(header, rows(payload.others)));
  lines.push("", "blocked attempts:");
  if (payload.attempts === null) lines.push(`  ${payload.attemptsNote}`);
  else lines.push(...(payload.attempts.length > 0 ? payload.attempts.map((a) => `  ${a.text}`) : ["  none"]));
  if (payload.advice.length > 0) lines.push("", "advice:", ...payload.advice.map((a) => `  ${a}`));
  return lines.join("\n");
}

export async function watchFlows(backend: BackendName | undefined): Promise<void> {
  const t = translator("en");
  const tty = process.stdout.isTTY;
  let stopped = false;
  let wake: () => void = () => undefined;
  const stop = () => {
    stopped = true;
    wake();
  };
  process.once("SIGINT", stop).once("SIGTERM", stop);
  // A redraw every 2 s: the conntrack script and the command relay are kept, not started for each one.
  keepHelperPrograms();
  try {
    while (!stopped) {
      const text = formatMonitor(monitorPayload(await monitorView({ backend }), t));
      process.stdout.write(tty ? `${CLEAR}${text}\n` : `${text}\n\n`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, REDRAW_MS);
      });
    }
  } finally {
    stopKeepingHelperPrograms();
    process.off("SIGINT", stop).off("SIGTERM", stop);
  }
}
