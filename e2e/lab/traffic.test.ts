// What a passthrough switch must guarantee beyond on/off: the PPTP helper is what makes GRE work, raw ESP's
// one-client limit, and Off cutting flows that are already open.
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { labStatus, labUp, removeLeftovers, routerLintas } from "../../lab/lab";
import type { VpnFlow } from "../../netfilter";
import { agent, CHECKS, runChecks } from "../../lab/probes";
import { ADDRESSES } from "../../lab/topology";
import { type TestLab, useTestLab } from "./support";

let t: TestLab;
useTestLab("tr", { wanServer: true }, (lab) => void (t = lab));

const wan = ADDRESSES.wanHost;
const [lan1, lan2] = [() => t.lab.lanHosts[0], () => t.lab.lanHosts[1]];

describe("PPTP needs its helper", () => {
  it("two LAN clients with the same call ID and source port each get their own GRE back", async () => {
    t.set("pptp=on");
    const [a, b] = await Promise.all([
      agent(lan1(), ["pptp", wan, "7", "--sport", "40000"]),
      agent(lan2(), ["pptp", wan, "7", "--sport", "40000"]),
    ]);
    expect(a).toMatchObject({ ok: true, peer_call_id: 7 });
    expect(b).toMatchObject({ ok: true, peer_call_id: 7 });
    // `lintas flows` shows both calls: each control connection with the helper, each GRE flow with its keys.
    const { flows } = JSON.parse(routerLintas(t.lab, ["flows", "--json"]).stdout) as { flows: VpnFlow[] };
    const pptp = flows.filter((f) => f.protocol === "pptp");
    expect(pptp.filter((f) => f.flow === "control").map((f) => [f.client, f.helper])).toEqual([
      [ADDRESSES.lanHosts[0], "pptp"],
      [ADDRESSES.lanHosts[1], "pptp"],
    ]);
    expect(pptp.filter((f) => f.flow === "gre").map((f) => f.client)).toEqual([...ADDRESSES.lanHosts]);
  });

  it("without the helper (a regression that drops it) GRE replies never arrive, even for one client", async () => {
    t.set("pptp=on");
    t.routerSh("nft delete chain inet lintas prerouting && conntrack -D -p tcp --orig-port-dst 1723 || true");
    const lone = await agent(lan1(), ["pptp", wan, "9"]);
    expect(lone).toMatchObject({ ok: false, stage: "gre" }); // the control connection still works
    const kernel = t.status().kernel!;
    expect(kernel.protocols[0]).toMatchObject({ id: "pptp", helper: false, inSync: false });
    // The verdict says the same as the traffic: the control connection passes, GRE never gets back.
    expect(t.status().traffic!.pptp).toMatchObject({ verdict: "partly", flows: { control: "pass", gre: "blocked" }, cause: { kind: "no-helper", helper: "pptp" } });
    // Re-applying the stored config restores the helper and GRE.
    t.set("pptp=on");
    expect(await agent(lan1(), ["pptp", wan, "9"])).toMatchObject({ ok: true });
  });
});

describe("PPTP off: no GRE crosses the router at all", () => {
  /** How many GRE packets the WAN host's interface sees while lan1 sends three bare GRE packets. */
  async function greSeenOnWan(): Promise<number> {
    const capture = spawn("ip", ["netns", "exec", t.lab.wan, "tcpdump", "-i", "eth0", "-n", "-l", "ip proto 47"], { stdio: ["ignore", "pipe", "pipe"] });
    let seen = 0;
    let listening = false;
    capture.stdout.on("data", (d: Buffer) => (seen += d.toString().split("\n").filter((l) => l.includes("GRE")).length));
    capture.stderr.on("data", (d: Buffer) => (listening ||= d.toString().includes("listening on")));
    await waitFor(() => listening, 5000);
    await agent(lan1(), ["gre-send", wan, "7"]);
    // All three arrive within microseconds when they cross; absence needs a window: 1 s.
    await waitFor(() => seen >= 3, 1000).catch(() => undefined);
    capture.kill("SIGINT");
    await new Promise((r) => capture.on("close", r));
    return seen;
  }

  it("with PPTP on, bare GRE reaches the WAN; with it off, not one packet does", async () => {
    t.set("pptp=on");
    expect(await greSeenOnWan()).toBe(3);
    t.set("pptp=off");
    expect(await greSeenOnWan()).toBe(0);
  });
});

describe("IPsec through NAT", () => {
  it("raw ESP serves one LAN client per remote server; NAT-T serves both", async () => {
    t.set("ipsec=on");
    t.routerSh("conntrack -D -p esp || true");
    expect(await agent(lan1(), ["raw", wan, "50"])).toMatchObject({ ok: true });
    // ESP is tracked by addresses only: the second client's flow clashes with the first after masquerade.
    expect(await agent(lan2(), ["raw", wan, "50"])).toMatchObject({ ok: false });
    expect(t.routerSh("conntrack -S")).toMatch(/insert_failed=[1-9]/);
    const natT = await runChecks(t.lab, CHECKS.filter((c) => c.id === "natT"));
    expect(natT[0]!.replies).toMatchObject([{ ok: true }, { ok: true }]);
  });
});

describe("Off cuts open flows", () => {
  it("an L2TP flow in progress stops within 1 s of switching L2TP off", async () => {
    t.set("l2tp=on");
    const agentPath = path.join(import.meta.dirname, "..", "..", "lab", "agent.py");
    const stream = spawn("ip", ["netns", "exec", lan1(), "/usr/bin/python3", agentPath, "udp-stream", wan, "1701", "4"]);
    const echoes: number[] = [];
    let buffer = "";
    stream.stdout.on("data", (d) => {
      buffer += d;
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) echoes.push((JSON.parse(line) as { at: number }).at * 1000);
    });
    const done = new Promise((resolve) => stream.on("close", resolve));
    await waitFor(() => echoes.length >= 5, 3000);
    t.set("l2tp=off");
    const switchedAt = Date.now();
    await done;
    expect(echoes.length).toBeGreaterThanOrEqual(5);
    const last = Math.max(...echoes);
    expect(last - switchedAt).toBeLessThan(1000);
    // And nothing at all once the switch had a second to act.
    expect(echoes.filter((at) => at > switchedAt + 1000)).toEqual([]);
  });
});

describe("the lab itself", () => {
  it("finds and removes leftovers of a crashed run by their name prefix, processes included", () => {
    const prefix = `lintas-lab-crashtest${process.pid}`;
    execFileSync("ip", ["netns", "add", `${prefix}-router`]);
    const sleeper = spawn("ip", ["netns", "exec", `${prefix}-router`, "sleep", "60"]);
    expect(removeLeftovers([prefix])).toEqual([`${prefix}-router`]);
    expect(execFileSync("ip", ["netns", "list"], { encoding: "utf8" })).not.toContain(prefix);
    sleeper.kill();
  });

  it("is idempotent and leaves nothing in the root namespace", () => {
    const links = execFileSync("ip", ["-o", "link", "show"], { encoding: "utf8" });
    expect(links).not.toMatch(/br-lan|wan0|lan1@|lan2@/);
    labUp(t.lab); // already up: a no-op
    expect(labStatus(t.lab).up).toBe(true);
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}
