// The monitor against the lab router's real kernel: its listing shows the lab's flows with the LAN devices' names
// and counted bytes. On both backends: the blocked counter for lan2 (the phone) rises while it tries PPTP that is
// off, survives a Save of another switch, starts afresh after a day without tries, counts IPv6 too, and "allow
// this device" then lets it pass, it alone; `lintas flows --watch` redraws.
import { describe, expect, it } from "vitest";
import { agent, CHECKS, probe, type ProbeCheck } from "../../lab/probes";
import { LAN_DEVICE_NAMES } from "../../lab/router-files";
import { ADDRESSES, ADDRESSES6 } from "../../lab/topology";
import type { MonitorView } from "../../lib/monitor";
import { monitorInRouter, monitorViewIn } from "./monitor-view";
import { type TestLab, type TestLabOptions, useTestLab } from "./support";

const from = (id: string, client: number): ProbeCheck => ({ ...CHECKS.find((c) => c.id === id)!, id: `${id} from lan${client + 1}`, clients: [client] });
const [laptop, phone] = LAN_DEVICE_NAMES;
const [lan1, lan2] = ADDRESSES.lanHosts;
const wan = ADDRESSES.wanHost;

let t: TestLab;
/** A lab of the describe block's own, its LAN hosts known to the router, brought up before its tests and down after. */
function useLab(tag: string, options: TestLabOptions = {}) {
  useTestLab(tag, options, (lab) => {
    t = lab;
    // The LAN hosts talk to the router (its neighbour table knows them); conntrack counts bytes and stamps starts.
    t.routerSh(`for a in ${ADDRESSES.lanHosts.join(" ")}; do ping -c1 -W1 $a >/dev/null; done`);
    t.routerSh("sysctl -qw net.netfilter.nf_conntrack_acct=1 net.netfilter.nf_conntrack_timestamp=1");
  });
}

const inRouter = (...args: string[]) => monitorInRouter(t, ...args);
const view = () => monitorViewIn(t);
const passing = async (checks: ProbeCheck[]) => (await probe(t.lab, checks)).filter((row) => row.passed).map((row) => row.check.id);
const phoneTriedPptp = (v: MonitorView) => v.attempts!.find((a) => a.protocol === "pptp" && a.client === lan2 && a.server === wan);

describe("the monitor in the lab router", () => {
  useLab("mon");

  it("lists the lab's real flows: PPTP from the laptop, IKE from the phone, by name, with bytes both ways and an age", async () => {
    t.set("pptp=on", "ipsec=on");
    expect(await passing([from("pptp", 0), from("ike", 1)])).toEqual(["pptp from lan1", "ike from lan2"]);
    const seen = view();
    const row = (protocol: string, flow: string) => seen.flows.find((f) => f.protocol === protocol && f.flow === flow);
    expect(row("pptp", "control")).toMatchObject({ client: lan1, device: laptop, server: wan, helper: "pptp" });
    expect(row("pptp", "gre")).toMatchObject({ client: lan1, device: laptop, detail: expect.stringMatching(/^key 0x/) });
    expect(row("ipsec", "ike")).toMatchObject({ client: lan2, device: phone, server: wan, detail: "500 -> 500" });
    expect(seen.accounting).toEqual({ bytes: true, age: true });
    expect(row("pptp", "control")!.counters!.original.bytes).toBeGreaterThan(0);
    expect(row("pptp", "control")!.counters!.reply.packets).toBeGreaterThan(0);
    expect(seen.at - row("pptp", "control")!.startedAt!).toBeGreaterThanOrEqual(0);
    expect(seen.advice).toContainEqual({ key: "monitor.advice.pptp" });
  });

  it("finds the flows by the ct mark Lintas's rules set, another program's bits kept: WireGuard's too, which Lintas does not pass", async () => {
    // Another program keeps its own bit in the connmark (as Tailscale does); ours must not clear it, nor it ours.
    t.routerSh("nft add table inet other && nft add chain inet other tagging '{ type filter hook forward priority -10; }' && nft add rule inet other tagging ct mark set ct mark or 0x00040000");
    try {
      expect(await passing([from("ike", 0)])).toEqual(["ike from lan1"]);
      await agent(t.lab.lanHosts[0], ["udp", wan, "51820", "--sport", "51820"]); // no echo on 51820: the flow opens all the same
      // An IKE entry no rule saw (inserted, not sent): the monitor asks the kernel for the marked entries only.
      t.routerSh(`conntrack -I -p udp -s 192.168.1.77 -d ${wan} --sport 500 --dport 500 -t 60`);
      const seen = view();
      expect(seen.flows).toContainEqual(expect.objectContaining({ protocol: "ipsec", flow: "ike", client: lan1, device: laptop }));
      expect(seen.flows.map((f) => f.client)).not.toContain("192.168.1.77");
      expect(seen.others).toContainEqual(expect.objectContaining({ vpn: "wireguard", client: lan1, server: wan, detail: "51820 -> 51820" }));
      const marks = t.routerSh(`conntrack -L -s ${lan1} -p udp --dport 500 2>/dev/null; conntrack -L -s ${lan1} -p udp --dport 51820 2>/dev/null`);
      expect(marks.match(/mark=\d+/g)).toEqual([`mark=${0x01040000}`, `mark=${0x01040000}`]);
    } finally {
      t.routerSh("nft delete table inet other");
    }
  });

  it("a flow opened before the marking rules existed is listed from its next packet through them", async () => {
    t.set("ipsec=on");
    const ike6 = CHECKS.find((c) => c.id === "ike6")!;
    const listed = () => view().flows.some((f) => f.flow === "ike" && f.client === ADDRESSES6.lanHosts[0]);
    // Conntrack tracks a namespace's packets only while some rule needs it: another firewall's, as on a router.
    t.routerSh("nft add table inet other && nft add chain inet other tracking '{ type filter hook forward priority 10; }' && nft add rule inet other tracking ct state new counter");
    t.routerSh("nft delete table inet lintas");
    expect(await passing([ike6])).toEqual(["ike6"]); // routed IPv6 needs no Lintas table: the flow opens unmarked
    const entry = () => t.routerSh(`conntrack -L -f ipv6 -s ${ADDRESSES6.lanHosts[0]} -p udp --dport 500 2>/dev/null`);
    // The rules back as they were, by nft itself: an apply would cut the flow, the table being gone.
    const table = t.lintas("render");
    t.routerSh(`nft -f - <<'EOF'\n${table}\nEOF`);
    expect(entry()).toMatch(/packets=1 .*mark=0 /); // still open, unmarked
    expect(listed()).toBe(false);
    expect(await passing([ike6])).toEqual(["ike6"]); // the same flow (same ports), its next packets
    expect(entry()).toMatch(new RegExp(`packets=2 .*mark=${0x01000000} `));
    expect(listed()).toBe(true);
    t.routerSh("nft delete table inet other");
  });
});

describe.each([["nftables"], ["iptables"]] as const)("blocked attempts in the monitor (%s backend)", (backend) => {
  useLab(backend === "nftables" ? "monatt" : "monattipt", { backend });

  it("counts the phone's tries of PPTP while it is off, and the count survives a Save of another switch", async () => {
    t.set("pptp=off");
    expect(t.status().backend).toBe(backend);
    expect(await passing([from("pptp", 1)])).toEqual([]);
    const first = phoneTriedPptp(view());
    expect(first).toMatchObject({ device: phone, protocolOn: false });
    expect(first!.count).toBeGreaterThan(0);
    expect(first!.lastSeconds).toBeLessThan(30);
    expect(await passing([from("pptp", 1)])).toEqual([]);
    const second = phoneTriedPptp(view())!.count;
    expect(second).toBeGreaterThan(first!.count);
    t.set("ipsec=off");
    expect(phoneTriedPptp(view())!.count).toBeGreaterThanOrEqual(second);
    expect(view().attempts!.some((a) => a.client === lan1)).toBe(false);
  });

  it("a pair that has not tried for a day (its timeout, run out here by hand) counts afresh, its old count gone", async () => {
    const before = phoneTriedPptp(view())!.count;
    // The iptables backend keeps the count in a set of its own: only the recent set's elements time out.
    t.routerSh(backend === "nftables" ? "nft flush set inet lintas pptp_blocked_v4" : "ipset flush lintas_pptp_blocked_v4");
    expect(phoneTriedPptp(view())).toBeUndefined();
    expect(await passing([from("pptp", 1)])).toEqual([]);
    const afresh = phoneTriedPptp(view())!.count;
    expect(afresh).toBeGreaterThan(0);
    expect(afresh).toBeLessThan(before);
  });

  it("IPv6 too: the phone's IKE over IPv6 while IPsec is off is counted under its IPv6 addresses", async () => {
    expect(await passing([from("ike6", 1)])).toEqual([]);
    const tried = view().attempts!.find((a) => a.protocol === "ipsec" && a.server === ADDRESSES6.wanHost);
    expect(tried).toMatchObject({ client: ADDRESSES6.lanHosts[1], protocolOn: false });
    expect(tried!.count).toBeGreaterThan(0);
  });

  it("'allow this device' lets the phone use PPTP to that server, and only the phone", async () => {
    inRouter("allow", "pptp", phone, wan);
    expect(await passing([from("pptp", 0), from("pptp", 1)])).toEqual(["pptp from lan2"]);
    expect(t.status().kernel!.inSync).toBe(true);
  });

  it("`lintas flows --watch` redraws until SIGINT, and then exits 0", async () => {
    const child = t.startLintas("flows", "--watch");
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const look = setInterval(() => {
        if (out.split("Lintas monitor, ").length > 2) resolve();
        else if (Date.now() - started > 15_000) reject(new Error(`no second redraw: ${out}`));
        else return;
        clearInterval(look);
      }, 100);
    });
    child.kill("SIGINT");
    expect(await new Promise((resolve) => child.once("exit", resolve))).toBe(0);
    expect(out).toContain("blocked attempts:");
    // The phone's PPTP, allowed just before, is open; the laptop's tries since are counted.
    expect(out).toContain(`${phone} (${lan2})`);
    expect(out).toContain(`${laptop} tried PPTP to ${wan}`);
  });
});
