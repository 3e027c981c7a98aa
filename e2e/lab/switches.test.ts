// Every switch, on and off, proven with real traffic through the lab router, and the kernel read-back
// (`lintas status --json`) agreeing with what the traffic showed.
import { describe, expect, it } from "vitest";
import { CHECKS, probe, type ProbeRow } from "../../lab/probes";
import { type TestLab, useTestLab } from "./support";

let t: TestLab;
useTestLab("sw", {}, (lab) => void (t = lab));

// [name, words given to `lintas passthrough set`, the checks that must pass afterwards]
const scenarios: [string, string[], string[]][] = [
  ["everything off", ["pptp=off", "ipsec=off", "l2tp=off"], []],
  ["PPTP on", ["pptp=on"], ["pptp"]],
  ["PPTP off, IPsec on (NAT-T, ESP; AH off)", ["pptp=off", "ipsec=on"], ["ike", "natT", "esp", "ike6"]],
  ["IPsec with AH, without NAT-T", ["ipsec.ah=on", "ipsec.natT=off"], ["ike", "esp", "ah", "ike6"]],
  ["IPsec without ESP, NAT-T back on", ["ipsec.esp=off", "ipsec.natT=on", "ipsec.ah=off"], ["ike", "natT", "ike6"]],
  ["IPsec off, L2TP on", ["ipsec=off", "ipsec.esp=on", "l2tp=on"], ["l2tp", "l2tp6"]],
  ["everything on", ["pptp=on", "ipsec=on", "ipsec.ah=on", "l2tp=on"], ["pptp", "ike", "natT", "esp", "ah", "l2tp", "ike6", "l2tp6"]],
  ["everything off again", ["pptp=off", "ipsec=off", "l2tp=off"], []],
];

describe("switches proven by traffic", () => {
  for (const [name, words, passing] of scenarios) {
    it(name, async () => {
      t.set(...words);
      const status = t.status();
      const rows: ProbeRow[] = await probe(t.lab);
      expect(rows.filter((r) => r.passed).map((r) => r.check.id)).toEqual(passing);
      for (const row of rows) {
        const expected = row.check.expected(status.passthrough);
        expect({ check: row.check.id, passed: row.passed, replies: row.replies }).toMatchObject({ check: row.check.id, passed: expected });
        // PPTP off: not even the TCP 1723 control connection is made, so no GRE can follow.
        if (row.check.id === "pptp" && !expected) for (const reply of row.replies) expect(reply.stage).toBe("control");
        // The kernel read-back agrees with the traffic, flow by flow.
        const kernel = status.kernel!.protocols.find((p) => p.id === row.check.protocol)!;
        for (const flow of row.check.flows) expect(kernel.flows[flow]).toBe(row.passed ? "pass" : "blocked");
      }
      expect(status.kernel!.inSync).toBe(true);
    });
  }

  it("covers every flow of every protocol in the catalogue", () => {
    expect([...new Set(CHECKS.flatMap((c) => c.flows))].sort()).toEqual(["ah", "control", "esp", "gre", "ike", "l2tp", "natT"]);
  });
});
