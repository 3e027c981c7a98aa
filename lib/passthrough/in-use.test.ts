// Who uses a VPN, from its open flows: one use per device and server, devices counted once.
import { describe, expect, it } from "vitest";
import { vpnFlow as flow } from "../../netfilter/flows.fixture";
import { summarizeUse } from "./in-use";

describe("flows in use", () => {
  it("one use per client and server (a PPTP session's two flows are one), devices counted once, sorted by address", () => {
    const flows = [
      flow("pptp", "control", "192.168.50.10", "203.0.113.2"),
      flow("pptp", "gre", "192.168.50.10", "203.0.113.2"),
      flow("ipsec", "ike", "192.168.50.9", "203.0.113.2"),
      flow("ipsec", "natT", "192.168.50.10", "203.0.113.2"),
      flow("ipsec", "ike", "192.168.50.10", "203.0.113.7"),
    ];
    expect(summarizeUse(["pptp", "ipsec", "l2tp"], flows, ["ipsec"])).toEqual({
      pptp: { devices: 1, uses: [{ client: "192.168.50.10", server: "203.0.113.2" }], complete: true },
      ipsec: {
        devices: 2,
        uses: [
          { client: "192.168.50.9", server: "203.0.113.2" },
          { client: "192.168.50.10", server: "203.0.113.2" },
          { client: "192.168.50.10", server: "203.0.113.7" },
        ],
        complete: false,
      },
      l2tp: { devices: 0, uses: [], complete: true },
    });
  });

  it("only the protocols asked for", () => {
    expect(Object.keys(summarizeUse(["l2tp"], [flow("pptp", "gre", "192.168.50.10", "203.0.113.2")], []))).toEqual(["l2tp"]);
  });
});
