// What POST /vpn/trace streams, one JSON object per line, as the trace runs.
import type { PacketView } from "@/lib/trace";

export type TraceStreamEvent =
  | { type: "start"; seconds: number; leftover: boolean }
  | { type: "packet"; packet: PacketView }
  /** `verdict`: the outcome in one sentence (lib/trace/verdict.ts), in the reader's language. */
  | { type: "end"; count: number; verdict: string }
  | { type: "error"; error: string };
