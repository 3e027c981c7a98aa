// The badges' truth against real traffic through the lab router: the verdict per flow that `lintas status`
// judges from the whole ruleset agrees with what the probes see, for the switches as set, for a stray drop added
// by hand to table inet lintas (IKE's probe blocked AND the verdict "partly", naming the rule), and with the table
// deleted (IPv4 lost its NAT; a switched-off protocol's routed IPv6 gets through, and the status says so). A probe
// whose client could not send says "not run", not "blocked".
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CHECKS, runChecks, tableRow, type ProbeRow } from "../../lab/probes";
import type { StatusReport } from "../../lib/passthrough";
import { type TestLab, useTestLab } from "./support";

let t: TestLab;
useTestLab("truth", { wanServer: true }, (lab) => void (t = lab));

/**
 * Each probe check's outcome, and the checks the verdicts contradict: one that fails although every flow it uses
 * passes, or passes although one is blocked. (A flow that passes in one family only is "partly": either fits.)
 */
function compare(rows: ProbeRow[], report: StatusReport) {
  const probed = Object.fromEntries(rows.map((r) => [r.check.id, r.passed]));
  const contradicted = rows
    .filter((r) => {
      const flows = r.check.flows.map((flow) => report.traffic![r.check.protocol].flows[flow]);
      return r.passed ? flows.includes("blocked") : flows.every((f) => f === "pass");
    })
    .map((r) => r.check.id);
  return { probed, contradicted };
}

describe("verdicts against real traffic", () => {
  it("the switches as set: no probe contradicts the verdicts", async () => {
    t.set("pptp=on", "ipsec=on", "ipsec.natT=off", "l2tp=off");
    const { probed, contradicted } = compare(await runChecks(t.lab, CHECKS), t.status());
    expect(contradicted).toEqual([]);
    expect(probed).toMatchObject({ pptp: true, ike: true, natT: false, esp: true, ah: false, l2tp: false });
  });

  it("a stray `udp dport 500 drop` in table inet lintas: IKE's probe is blocked and IPsec is partly enforced, naming the rule", async () => {
    t.set("pptp=off", "ipsec=on", "ipsec.natT=on", "l2tp=on");
    t.routerSh("nft add rule inet lintas forward udp dport 500 drop");
    const rows = await runChecks(t.lab, CHECKS.filter((c) => ["ike", "ike6", "natT", "esp", "l2tp"].includes(c.id)));
    const report = t.status();
    const { probed, contradicted } = compare(rows, report);
    expect(probed).toEqual({ ike: false, ike6: false, natT: true, esp: true, l2tp: true });
    expect(contradicted).toEqual([]);
    expect(report.traffic!.ipsec).toMatchObject({
      verdict: "partly",
      flows: { ike: "blocked", natT: "pass", esp: "pass" },
      cause: { kind: "dropped", at: { table: { family: "inet", name: "lintas" }, chain: "forward", rule: "udp dport 500 drop" }, packet: { flow: "ike", direction: "reply" } },
    });
    const text = t.lintas("status");
    expect(text).toMatch(/^IPsec\s+active\s+active\s+partly\s+ike=blocked natT=pass esp=pass ah=blocked {2}<- differs$/m);
    expect(text).toContain("\n  UDP 500 WAN → LAN (IPv4) is dropped by table inet lintas, chain forward, rule: udp dport 500 drop\n");
    expect(text).toContain("drift: 0 rules missing, 1 unexpected");
    expect(text).toContain("  unexpected: chain forward: udp dport 500 drop\n");
    // A re-apply puts the table back as stored: the verdict and the probe agree again.
    t.lintas("apply");
    expect(t.status().traffic!.ipsec.verdict).toBe("active");
    expect((await runChecks(t.lab, CHECKS.filter((c) => c.id === "ike")))[0]!.passed).toBe(true);
  });

  it("table inet lintas deleted: its masquerade is gone, so IPv4 never gets back, while routed IPv6 of a switched-off protocol does", async () => {
    t.set("pptp=off", "ipsec=on", "l2tp=off");
    t.routerSh("nft delete table inet lintas");
    const report = t.status();
    const { probed, contradicted } = compare(await runChecks(t.lab, CHECKS), report);
    expect(contradicted).toEqual([]);
    expect(probed).toMatchObject({ pptp: false, ike: false, ike6: true, l2tp: false, l2tp6: true });
    expect(report.traffic!.l2tp).toMatchObject({ verdict: "partly", flows: { l2tp: "partly" }, cause: { kind: "no-nat", packet: { family: "ipv4", direction: "reply" } } });
    expect(report.traffic!.pptp.verdict).toBe("blocked");
    const text = t.lintas("status");
    expect(text).toMatch(/^L2TP\s+blocked\s+absent\s+partly\s+l2tp=partly {2}<- differs\n {2}Switched off, but its traffic still passes/m);
    expect(text).toMatch(/^IPsec\s+active\s+absent\s+partly\s+.*\n {2}UDP 500 WAN → LAN \(IPv4\) never gets back: the source NAT \(masquerade\) on the WAN is not installed$/m);
    t.lintas("apply");
    expect(t.status().traffic!.ipsec.verdict).toBe("active");
  });
});

describe("a probe that could not run", () => {
  it("says not run, naming why, when a LAN client cannot even bind its port: not blocked", async () => {
    // Another program on the LAN host holds UDP 500 (without SO_REUSEADDR): the IKE client cannot send.
    const holder = spawn("ip", ["netns", "exec", t.lab.lanHosts[0], "/usr/bin/python3", "-c",
      "import socket, time\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(('0.0.0.0', 500))\nprint('ready', flush=True)\ntime.sleep(60)"]);
    try {
      await new Promise((resolve) => holder.stdout.once("data", resolve));
      t.set("ipsec=on");
      const [ike] = await runChecks(t.lab, CHECKS.filter((c) => c.id === "ike"));
      expect(tableRow(ike!).result).toMatch(/^not run: the probe client could not send \(.*Address already in use\)$/);
    } finally {
      holder.kill("SIGKILL");
    }
  });
});
