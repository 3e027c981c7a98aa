// The monitor in the reader's words: what GET /monitor/data answers and the page starts from. Everything the
// browser shows is a string here, so the client only lays it out.
import { protocolSpec, type FlowFields } from "../../netfilter";
import type { Translator } from "../i18n";
import type { MonitorView } from "./view";

export type FlowRow = { key: string; vpn: string; device: string; server: string; detail: string; sent: string; received: string; age: string; nat: string };
/** `device`: what "allow this device" adds to the scope (the device's name when it has one, else its address). */
export type AttemptRow = { key: string; text: string; protocol: string; device: string; server: string };

export type MonitorPayload = {
  at: number;
  flows: FlowRow[];
  others: FlowRow[];
  /** What is not counted on this router (bytes, ages), said once above the table. */
  notes: string[];
  /** Null where attempts are not counted; `attemptsNote` says why. */
  attempts: AttemptRow[] | null;
  attemptsNote?: string;
  advice: string[];
  unavailable?: string;
};

const UNITS = ["B", "kB", "MB", "GB", "TB"];

/** Bytes in SI units: "512 B", "1.5 kB". */
export function byteText(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** A duration as a clock, in no language: "0:03:25". */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

export function agoText(seconds: number, t: Translator): string {
  if (seconds < 120) return t("monitor.ago.seconds", { count: seconds });
  if (seconds < 2 * 3600) return t("monitor.ago.minutes", { count: Math.floor(seconds / 60) });
  return t("monitor.ago.hours", { count: Math.floor(seconds / 3600) });
}

/** One flow's row; `vpn` names it ("PPTP gre", "WireGuard"). */
function flowRow(flow: FlowFields & { device?: string; vpn: string }, at: number, t: Translator): FlowRow {
  const traffic = (c?: { packets: number; bytes: number }) => (c ? t("monitor.traffic", { bytes: byteText(c.bytes), packets: c.packets }) : "—");
  return {
    key: `${flow.vpn} ${flow.id ?? `${flow.client} ${flow.server} ${flow.detail}`}`,
    vpn: flow.vpn,
    device: flow.device ? `${flow.device} (${flow.client})` : flow.client,
    server: flow.server,
    detail: [flow.detail, flow.helper && t("status.helper", { name: flow.helper })].filter(Boolean).join(", "),
    sent: traffic(flow.counters?.original),
    received: traffic(flow.counters?.reply),
    age: flow.startedAt ? clockText((at - flow.startedAt) / 1000) : "—",
    nat: flow.replyTo === flow.client ? t("status.routed") : t("status.natTo", { address: flow.replyTo }),
  };
}

export function monitorPayload(view: MonitorView, t: Translator): MonitorPayload {
  const notes = [...(view.accounting.bytes ? [] : [t("monitor.notCounted")]), ...(view.accounting.age ? [] : [t("monitor.ageUnknown")])];
  return {
    at: view.at,
    flows: view.flows.map((f) => flowRow({ ...f, vpn: `${protocolSpec(f.protocol).title} ${f.flow}` }, view.at, t)),
    others: view.others.map((f) => flowRow({ ...f, vpn: f.title }, view.at, t)),
    notes,
    attempts: view.attempts?.map((a) => {
      const protocol = protocolSpec(a.protocol).title;
      const params = { device: a.device ?? a.client, protocol, server: a.server, count: a.count, ago: agoText(a.lastSeconds, t) };
      return {
        key: `${a.protocol} ${a.client} ${a.server}`,
        text: t(a.protocolOn ? "monitor.blocked.outside" : "monitor.blocked.off", params),
        protocol: a.protocol,
        device: a.device ?? a.client,
        server: a.server,
      };
    }) ?? null,
    ...(view.attemptsUnavailable ? { attemptsNote: t("monitor.blocked.unavailable", { reason: view.attemptsUnavailable }) } : {}),
    advice: view.advice.map((m) => t(m.key, m.params)),
    ...(view.unavailable ? { unavailable: view.unavailable } : {}),
  };
}
