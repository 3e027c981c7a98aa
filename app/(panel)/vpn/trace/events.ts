// What POST /vpn/trace streams, one JSON object per line, as the trace runs.
import type { PacketView } from "@/lib/trace";

export type TraceStreamEvent =
  | { type: "start"; seconds: number; leftover: boolean }
  | { type: "packet"; packet: PacketView }
  | { type: "end"; count: number }
  | { type: "error"; error: string };
