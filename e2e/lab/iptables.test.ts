// The iptables fallback with real traffic: the same probes, the pptp helper attached by `-j CT --helper pptp`,
// IPv6 through ip6tables, and the read-back and the traffic verdicts (Lintas's chains read from iptables-save)
// agreeing.
import { afterAll, beforeAll, expect, it } from "vitest";
import { agent, CHECKS, probe } from "../../lab/probes";
import { ADDRESSES } from "../../lab/topology";
import { monitorViewIn } from "./monitor-view";
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

it("the monitor finds the flows by the CONNMARK Lintas's rules set, WireGuard's too", async () => {
  t.set("pptp=on", "ipsec=on");
  const rows = await probe(t.lab, CHECKS.filter((c) => c.id === "pptp" || c.id === "ike"));
  expect(rows.every((r) => r.passed)).toBe(true);
  const [lan1] = ADDRESSES.lanHosts;
  await agent(t.lab.lanHosts[0], ["udp", ADDRESSES.wanHost, "51820", "--sport", "51820"]); // no echo: the flow opens all the same
  const seen = monitorViewIn(t);
  const flows = new Set(seen.flows.filter((f) => f.client === lan1).map((f) => `${f.protocol}/${f.flow}`));
  expect([...flows].sort()).toEqual(expect.arrayContaining(["ipsec/ike", "pptp/control", "pptp/gre"]));
  expect(seen.others).toContainEqual(expect.objectContaining({ vpn: "wireguard", client: lan1 }));
  expect(t.routerSh(`conntrack -L -s ${lan1} -p udp --dport 51820 2>/dev/null`)).toContain(`mark=${0x01000000}`);
});
