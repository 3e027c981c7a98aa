// The iptables fallback with real traffic: the same probes, the pptp helper attached by `-j CT --helper pptp`,
// IPv6 through ip6tables, and the read-back and the traffic verdicts (Lintas's chains read from iptables-save)
// agreeing.
import { afterAll, beforeAll, expect, it } from "vitest";
import { CHECKS, probe } from "../../lab/probes";
import { createTestLab, type TestLab } from "./support";

let t: TestLab;
const verdicts = () => Object.fromEntries(Object.entries(t.status().traffic!).map(([id, v]) => [id, v.verdict]));
beforeAll(() => {
  t = createTestLab("ipt", { backend: "iptables" });
});
afterAll(() => t?.down());

it("everything on: every check passes, two PPTP clients included, and nft has no lintas table", async () => {
  t.set("pptp=on", "ipsec=on", "ipsec.ah=on", "l2tp=on");
  const rows = await probe(t.lab);
  expect(Object.fromEntries(rows.map((r) => [r.check.id, r.passed]))).toEqual(Object.fromEntries(CHECKS.map((c) => [c.id, true])));
  const status = t.status();
  expect(status.backend).toBe("iptables");
  expect(status.kernel!.inSync).toBe(true);
  expect(t.routerSh("iptables-save -t raw")).toContain("-j CT --helper pptp");
  expect(t.routerSh("nft list tables")).not.toContain("table inet lintas");
  expect(verdicts()).toEqual({ pptp: "active", ipsec: "active", l2tp: "active" });
});

it("everything off: every check is blocked, and the read-back agrees", async () => {
  t.set("pptp=off", "ipsec=off", "l2tp=off");
  const rows = await probe(t.lab);
  expect(rows.filter((r) => r.passed).map((r) => r.check.id)).toEqual([]);
  const status = t.status();
  expect(new Set(status.kernel!.protocols.map((p) => p.actual))).toEqual(new Set(["blocked"]));
  expect(status.kernel!.inSync).toBe(true);
  expect(verdicts()).toEqual({ pptp: "blocked", ipsec: "blocked", l2tp: "blocked" });
});

it("a stray DROP appended to Lintas's chain: IKE's replies die there, IPsec is partly enforced, naming the rule", async () => {
  t.set("ipsec=on");
  t.routerSh("iptables -A LINTAS_FORWARD -p udp --dport 500 -j DROP");
  const rows = await probe(t.lab, CHECKS.filter((c) => ["ike", "natT", "esp"].includes(c.id)));
  expect(Object.fromEntries(rows.map((r) => [r.check.id, r.passed]))).toEqual({ ike: false, natT: true, esp: true });
  expect(t.status().traffic!.ipsec).toMatchObject({
    verdict: "partly",
    cause: { kind: "dropped", at: { table: { family: "ip", name: "filter" }, chain: "LINTAS_FORWARD", rule: "-p udp -m udp --dport 500 -j DROP" } },
  });
});
