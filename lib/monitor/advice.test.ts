import { describe, expect, it } from "vitest";
import { vpnFlow as flow } from "../../netfilter/flows.fixture";
import { adviceFor } from "./advice";

describe("advice from the open flows", () => {
  it("says nothing about ordinary use", () => {
    expect(adviceFor([flow("ipsec", "natT", "192.168.1.10", "198.51.100.7"), flow("ipsec", "natT", "192.168.1.11", "198.51.100.7")], [])).toEqual([]);
  });

  it("advises NAT-T when two LAN devices use IPsec with raw ESP to one server, once per server", () => {
    const flows = [
      flow("ipsec", "ike", "192.168.1.10", "198.51.100.7"),
      flow("ipsec", "esp", "192.168.1.10", "198.51.100.7"),
      flow("ipsec", "ike", "192.168.1.11", "198.51.100.7"),
      flow("ipsec", "ike", "192.168.1.12", "198.51.100.8"),
      flow("ipsec", "esp", "192.168.1.12", "198.51.100.8"),
    ];
    expect(adviceFor(flows, [])).toEqual([{ key: "monitor.advice.natT", params: { count: 2, server: "198.51.100.7" } }]);
  });

  it("names WireGuard and OpenVPN once each as needing no passthrough", () => {
    expect(adviceFor([], [{ title: "WireGuard" }, { title: "OpenVPN" }, { title: "WireGuard" }])).toEqual([
      { key: "monitor.advice.noPassthrough", params: { vpns: "WireGuard, OpenVPN" } },
    ]);
  });

  it("warns that PPTP is broken when any PPTP flow is open", () => {
    expect(adviceFor([flow("pptp", "gre", "192.168.1.10", "198.51.100.7")], [])).toEqual([{ key: "monitor.advice.pptp" }]);
  });
});
