// One word per protocol for what actually happens to its traffic: Lintas's own table read back, then the host
// firewall beside it. "active" only when Lintas passes it and nothing on the host drops it.
import type { HostReport, ProtocolId, ProtocolStatus } from "../../netfilter";

export type ProtocolState = ProtocolStatus["actual"] | "hostBlocked" | "hostUnknown";

export function protocolState(id: ProtocolId, kernel: ProtocolStatus, host: HostReport | undefined): ProtocolState {
  if (kernel.actual !== "active" || !host) return kernel.actual;
  if (!host.readable) return "hostUnknown";
  const { verdict } = host.protocols[id].verdict;
  return verdict === "passes" ? "active" : verdict === "blocked" ? "hostBlocked" : "hostUnknown";
}
