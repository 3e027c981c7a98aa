// Open VPN flows for pure tests (who uses a VPN, the monitor's advice): only who talks to whom over which flow.
import type { VpnFlow } from "./flows";

export const vpnFlow = (protocol: VpnFlow["protocol"], flow: string, client: string, server: string): VpnFlow => ({
  protocol, flow, client, server, detail: "", replyTo: "203.0.113.1", replied: true, timeout: 100,
});
