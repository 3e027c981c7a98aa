// Diagnose: where a protocol's packets go through this router's firewall (nftables tracing).
export { parseTraceRequest, runTrace, TRACE_SECONDS, type TraceRequest, type TraceResult, type TraceStart } from "./run";
export { endMessage, packetView, type HopView, type PacketView } from "./view";
export { traceVerdict } from "./verdict";
