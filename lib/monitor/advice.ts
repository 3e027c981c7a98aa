// Advice from what the monitor sees, not from the switches: a pure function of the open flows.
import type { OtherVpnFlow, VpnFlow } from "../../netfilter";
import { message, type Message } from "../i18n";

/**
 * - Two or more LAN devices using IPsec with one server where raw ESP is open to it: the kernel tracks raw ESP by
 *   addresses only, so one of them at a time gets through ("use NAT-T").
 * - WireGuard or OpenVPN seen: plain UDP/TCP that NAT carries ("these need no passthrough").
 * - PPTP in use: its cryptography is broken ("move to IKEv2, WireGuard or OpenVPN").
 */
export function adviceFor(flows: readonly VpnFlow[], others: readonly Pick<OtherVpnFlow, "title">[]): Message[] {
  const advice: Message[] = [];
  const ipsec = flows.filter((f) => f.protocol === "ipsec");
  for (const server of new Set(ipsec.filter((f) => f.flow === "esp").map((f) => f.server))) {
    const devices = new Set(ipsec.filter((f) => f.server === server).map((f) => f.client));
    if (devices.size >= 2) advice.push(message("monitor.advice.natT", { count: devices.size, server }));
  }
  const seen = [...new Set(others.map((o) => o.title))];
  if (seen.length > 0) advice.push(message("monitor.advice.noPassthrough", { vpns: seen.join(", ") }));
  if (flows.some((f) => f.protocol === "pptp")) advice.push(message("monitor.advice.pptp"));
  return advice;
}
