import { describe, expect, it } from "vitest";
import { everything } from "./capabilities.fixture";
import { configSchema } from "./config";
import { countedLines, ruleLines } from "./iptables";
import { render } from "./render";
import { iptablesCounters, trafficOfCounters } from "./traffic-read";

const config = configSchema.parse({
  network: { lanInterfaces: ["br-lan", "lan1"], wanInterface: "wan0", masquerade: true },
  passthrough: { pptp: { enabled: true }, ipsec: { enabled: true }, l2tp: { enabled: false } },
});
const { ruleset } = render(config, everything);

describe("traffic counters", () => {
  it("sums each protocol's named counters per direction and leaves other counters out", () => {
    const traffic = trafficOfCounters({
      pptp_lan_to_wan: { packets: 3, bytes: 300 },
      pptp_wan_to_lan: { packets: 2, bytes: 120 },
      ipsec_lan_to_wan: { packets: 1, bytes: 90 },
      pptp_outside_scope: { packets: 9, bytes: 999 },
    });
    expect(traffic).toEqual({
      pptp: { lanToWan: { packets: 3, bytes: 300 }, wanToLan: { packets: 2, bytes: 120 } },
      ipsec: { lanToWan: { packets: 1, bytes: 90 }, wanToLan: { packets: 0, bytes: 0 } },
    });
  });

  it("reads iptables-save -c: every line of a counted rule (one per LAN interface) adds to its counter; other lines (an accept's mark line too) count nowhere", () => {
    const gre = ruleset.rules.filter((r) => r.comment.startsWith("pptp=on: GRE"));
    const [out1, out2] = countedLines(gre[0]!, "ipv4");
    const [mark1] = ruleLines(gre[0]!, "ipv4");
    expect(mark1).toMatch(/-j CONNMARK --set-xmark 0x1000000\/0x1000000$/);
    const [back1] = ruleLines(gre[1]!, "ipv4");
    const saved = [
      "*filter",
      ":LINTAS_FORWARD - [0:0]",
      `[10:1000] ${mark1}`,
      `[10:1000] ${out1}`,
      `[5:500] ${out2}`,
      `[7:700] ${back1}`,
      "[99:9900] -A LINTAS_FORWARD -p udp -m udp --dport 9 -j ACCEPT",
      "[1:1] -A FORWARD -j LINTAS_FORWARD",
      "COMMIT",
    ].join("\n");
    expect(iptablesCounters(saved, "ipv4", ruleset)).toEqual({
      pptp_lan_to_wan: { packets: 15, bytes: 1500 },
      pptp_wan_to_lan: { packets: 7, bytes: 700 },
    });
  });
});
