// `lintas trace` in a lab router with real traffic: a LAN host sends IKE while the trace runs, and the trace says
// which table's chain dropped it (a host nftables.conf, Docker's FORWARD DROP) or that it left on the WAN; the
// trace table is gone afterwards, however the trace ended.
import { spawn } from "node:child_process";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { appRoot } from "../../lib/paths";
import type { TraceResult } from "../../lib/trace";
import type { TracedPacket } from "../../netfilter";
import { agent } from "../../lab/probes";
import { ADDRESSES } from "../../lab/topology";
import { type TestLab, useTestLab } from "./support";

type TraceJson = Omit<TraceResult, "packets"> & { packets: (TracedPacket & { result: string })[] };

let t: TestLab;
useTestLab("trc", { wanServer: true }, (lab) => {
  t = lab;
  t.set("ipsec=on");
});
// New connections each time: an entry left by an earlier test would make a host's "established" rule pass them.
beforeEach(() => void t.routerSh("conntrack -F 2>/dev/null || true"));

const ike = (host = 0) => agent(t.lab.lanHosts[host]!, ["udp", ADDRESSES.wanHost, "500", "--sport", "500"]);
const traceTablePresent = () => t.routerSh("nft list tables").includes("lintas_trace");

/** Starts `lintas trace` in the lab router; `started` settles once it says it is tracing. */
function startTrace(args: string[]) {
  const child = spawn("ip", ["netns", "exec", t.lab.router, path.join(appRoot(), "bin", "lintas"), "trace", ...args], {
    env: { ...process.env, LINTAS_DATA_DIR: t.lab.dataDir, LINTAS_BACKEND: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  // The header goes to stdout, or to stderr with --json.
  const started = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      stdout += d;
      if (stdout.startsWith("tracing ")) resolve();
    });
    child.stderr.on("data", (d) => {
      stderr += d;
      if (stderr.startsWith("tracing ")) resolve();
    });
    child.on("close", () => reject(new Error(`lintas trace ended before tracing: ${stderr}`)));
  });
  started.catch(() => undefined); // a caller that only awaits `done` expects the trace to end early
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr })),
  );
  return { child, started, done };
}

/** `lintas trace ipsec --seconds 3 --json` while a LAN host sends IKE; the probe's verdict and the trace. */
async function traceWhileIke(extra: string[] = []) {
  const trace = startTrace(["ipsec", "--seconds", "3", "--json", ...extra]);
  await trace.started;
  const probe = await ike();
  const { code, stdout, stderr } = await trace.done;
  expect(code, stderr).toBe(0);
  return { probe, trace: JSON.parse(stdout) as TraceJson };
}

describe("lintas trace ipsec while a LAN host sends IKE", () => {
  it("a Debian-style nftables.conf (forward policy drop): blocked, and every packet is dropped by the host table's policy", async () => {
    t.routerSh(`nft -f - <<'EOF'
table inet filter {
  chain forward { type filter hook forward priority filter; policy drop;
    ct state established,related accept
  }
}
EOF`);
    try {
      const { probe, trace } = await traceWhileIke();
      expect(probe.ok).toBe(false);
      expect(trace.packets.length).toBeGreaterThan(0);
      expect(new Set(trace.packets.map((p) => p.result))).toEqual(new Set(["dropped by table inet filter chain forward, policy drop"]));
      expect(trace.packets[0]).toMatchObject({
        direction: "out",
        packet: { saddr: ADDRESSES.lanHosts[0], daddr: ADDRESSES.wanHost, protocol: "udp", dport: 500 },
        end: { kind: "dropped", at: { family: "inet", table: "filter", chain: "forward" }, by: "policy" },
      });
      expect(traceTablePresent()).toBe(false);
    } finally {
      t.routerSh("nft delete table inet filter");
    }
  });

  it("Docker's FORWARD DROP (iptables-nft): dropped in ip filter FORWARD, after the jump to DOCKER-USER and back", async () => {
    t.routerSh("iptables -P FORWARD DROP && iptables -N DOCKER-USER && iptables -A DOCKER-USER -j RETURN && iptables -I FORWARD -j DOCKER-USER");
    try {
      const { probe, trace } = await traceWhileIke();
      expect(probe.ok).toBe(false);
      const [first] = trace.packets;
      expect(first!.hops.map((h) => `${h.family} ${h.table} ${h.chain} ${h.verdict}`)).toEqual(
        expect.arrayContaining(["ip filter FORWARD jump DOCKER-USER", "ip filter DOCKER-USER return", "ip filter FORWARD drop"]),
      );
      expect(first!.result).toBe("dropped by table ip filter chain FORWARD, policy drop");
      expect(traceTablePresent()).toBe(false);
    } finally {
      t.routerSh("nft delete table ip filter");
    }
  });

  it("nothing on the host drops it: the request leaves on the WAN source-NATed, the reply reaches the LAN", async () => {
    const { probe, trace } = await traceWhileIke();
    expect(probe.ok).toBe(true);
    const out = trace.packets.find((p) => p.direction === "out")!;
    expect(out.end).toEqual({ kind: "left", oif: "wan0", to: "wan" });
    expect(out.result).toBe("left on the WAN (wan0)");
    expect(out.last.saddr).toBe(ADDRESSES.routerWan);
    const reply = trace.packets.find((p) => p.direction === "in")!;
    expect(reply.end).toEqual({ kind: "left", oif: "br-lan", to: "lan" });
    expect(reply.last.daddr).toBe(ADDRESSES.lanHosts[0]);
    expect(traceTablePresent()).toBe(false);
  });

  it("a host rule added while the trace runs (nft knows it only by handle) is named from the ruleset", async () => {
    const trace = startTrace(["ipsec", "--seconds", "3", "--json"]);
    await trace.started;
    t.routerSh(`nft -f - <<'EOF'
table inet late {
  chain forward { type filter hook forward priority filter + 5; policy accept;
    udp dport 500 counter drop comment "added during the trace"
  }
}
EOF`);
    try {
      expect((await ike()).ok).toBe(false);
      const result = JSON.parse((await trace.done).stdout) as TraceJson;
      expect(result.packets[0]!.result).toMatch(/^dropped by table inet late chain forward, rule: udp dport 500 counter packets \d+ bytes \d+ drop comment "added during the trace"$/);
    } finally {
      t.routerSh("nft delete table inet late");
    }
  });

  it("--from follows one LAN host: the other host's packets are not traced, its own and their replies are", async () => {
    const trace = startTrace(["ipsec", "--seconds", "3", "--json", "--from", ADDRESSES.lanHosts[1]]);
    await trace.started;
    const probes = await Promise.all([ike(0), ike(1)]);
    expect(probes.map((p) => p.ok)).toEqual([true, true]);
    const result = JSON.parse((await trace.done).stdout) as TraceJson;
    const seen = new Set(result.packets.map((p) => `${p.direction} ${p.direction === "out" ? p.packet.saddr : p.last.daddr}`));
    expect(seen).toEqual(new Set([`out ${ADDRESSES.lanHosts[1]}`, `in ${ADDRESSES.lanHosts[1]}`]));
  });
});

describe("the trace table goes, however the trace ends", () => {
  it("SIGTERM stops a trace early and removes its table", async () => {
    const trace = startTrace(["l2tp", "--seconds", "30"]);
    await trace.started;
    expect(traceTablePresent()).toBe(true);
    trace.child.kill("SIGTERM");
    const { code, stdout } = await trace.done;
    expect(code).toBe(0);
    expect(stdout).toContain("stopped early (signal)");
    expect(traceTablePresent()).toBe(false);
  });

  it("a second trace while one runs is refused; a trace killed outright leaves its table, the next trace removes it and says so", async () => {
    const first = startTrace(["l2tp", "--seconds", "30"]);
    await first.started;
    const refused = await startTrace(["ipsec", "--seconds", "1"]).done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/another trace \(process \d+\) is running for \d+ s more/);
    first.child.kill("SIGKILL");
    await first.done;
    expect(traceTablePresent()).toBe(true);
    const next = await startTrace(["ipsec", "--seconds", "1"]).done;
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(/removed the trace table left behind by process \d+, which is no longer running/);
    expect(traceTablePresent()).toBe(false);
  });
});
