// Traffic probes: real packets from the lab's LAN hosts to its WAN host, through the router's Lintas rules.
// The packet work is done by agent.py (Python's standard library, raw sockets); this file orchestrates it.
import { spawn } from "node:child_process";
import path from "node:path";
import { appRoot } from "../lib/paths";
import type { Passthrough } from "../netfilter/config";
import type { ProtocolId } from "../netfilter/protocols";
import { ADDRESSES, ADDRESSES6, type Lab } from "./topology";

// From the app root, not this file: the CLI runs this module bundled in dist/.
const AGENT = path.join(appRoot(), "lab", "agent.py");
// Debian's python3: the first python3 on PATH may be another install.
const PYTHON = "/usr/bin/python3";

/** stage "setup": the client could not send at all (the agent failed, a local socket error): no verdict on the router. */
export type AgentReply = { ok: boolean; reason?: string; stage?: string; ms?: number; peer_call_id?: number };

/** Runs one agent client command in a namespace and returns its JSON verdict. */
export function agent(ns: string, args: string[], env: Record<string, string> = {}): Promise<AgentReply> {
  return new Promise((resolve, reject) => {
    const child = spawn("ip", ["netns", "exec", ns, PYTHON, AGENT, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => {
      const line = stdout.trim().split("\n").pop();
      if (code === 0 && line) resolve(JSON.parse(line) as AgentReply);
      else reject(new Error(`agent ${args.join(" ")} in ${ns} failed (${code}): ${stderr.trim()}`));
    });
  });
}

/** Starts the WAN host's servers (UDP echo, PPTP, GRE/ESP/AH echo); resolves once they listen. */
export function startWanServer(lab: Lab): Promise<{ stop(): void }> {
  return new Promise((resolve, reject) => {
    const child = spawn("ip", ["netns", "exec", lab.wan, PYTHON, AGENT, "serve"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve({ stop: () => child.kill("SIGKILL") });
    });
    child.on("close", (code) => reject(new Error(`WAN server exited (${code}): ${stderr.trim()}`)));
  });
}

export type ProbeCheck = {
  id: string;
  protocol: ProtocolId;
  label: string;
  /** The catalogue flows this check exercises; it passes only if all of them pass. */
  flows: string[];
  /** LAN host indexes that send at the same moment. */
  clients: number[];
  args: (client: number) => string[];
  expected: (p: Passthrough) => boolean;
};

const wan = ADDRESSES.wanHost;

export const CHECKS: ProbeCheck[] = [
  {
    id: "pptp",
    protocol: "pptp",
    label: "TCP 1723 + GRE, 2 clients, same call ID and port",
    flows: ["control", "gre"],
    clients: [0, 1],
    args: () => ["pptp", wan, "7", "--sport", "40000"],
    expected: (p) => p.pptp.enabled,
  },
  {
    id: "ike",
    protocol: "ipsec",
    label: "IKE UDP 500, 2 clients",
    flows: ["ike"],
    clients: [0, 1],
    args: () => ["udp", wan, "500", "--sport", "500"],
    expected: (p) => p.ipsec.enabled,
  },
  {
    id: "natT",
    protocol: "ipsec",
    label: "NAT-T UDP 4500, 2 clients",
    flows: ["natT"],
    clients: [0, 1],
    args: () => ["udp", wan, "4500", "--sport", "4500"],
    expected: (p) => p.ipsec.enabled && p.ipsec.natT,
  },
  {
    id: "esp",
    protocol: "ipsec",
    label: "ESP (IP 50), 1 client",
    flows: ["esp"],
    clients: [0],
    args: () => ["raw", wan, "50"],
    expected: (p) => p.ipsec.enabled && p.ipsec.esp,
  },
  {
    id: "ah",
    protocol: "ipsec",
    label: "AH (IP 51), 1 client",
    flows: ["ah"],
    clients: [0],
    args: () => ["raw", wan, "51"],
    expected: (p) => p.ipsec.enabled && p.ipsec.ah,
  },
  {
    id: "l2tp",
    protocol: "l2tp",
    label: "L2TP UDP 1701, 2 clients",
    flows: ["l2tp"],
    clients: [0, 1],
    args: () => ["udp", wan, "1701", "--sport", "1701"],
    expected: (p) => p.l2tp.enabled,
  },
  {
    id: "ike6",
    protocol: "ipsec",
    label: "IKE UDP 500 over IPv6 (routed)",
    flows: ["ike"],
    clients: [0],
    args: () => ["udp", ADDRESSES6.wanHost, "500", "--sport", "500"],
    expected: (p) => p.ipsec.enabled,
  },
  {
    id: "l2tp6",
    protocol: "l2tp",
    label: "L2TP UDP 1701 over IPv6 (routed)",
    flows: ["l2tp"],
    clients: [1],
    args: () => ["udp", ADDRESSES6.wanHost, "1701", "--sport", "1701"],
    expected: (p) => p.l2tp.enabled,
  },
];

export type ProbeRow = { check: ProbeCheck; replies: AgentReply[]; passed: boolean };

/** Runs every check at once (blocked ones wait out the agent's deadline) against a running WAN server. */
export async function runChecks(lab: Lab, checks: ProbeCheck[] = CHECKS): Promise<ProbeRow[]> {
  return Promise.all(
    checks.map(async (check) => {
      const replies = await Promise.all(check.clients.map((i) => agent(lab.lanHosts[i]!, check.args(i)).catch(clientFailed)));
      return { check, replies, passed: replies.every((r) => r.ok) };
    }),
  );
}

/** The agent died before it could say anything (its last line says why, a Python traceback's last line). */
const clientFailed = (error: Error): AgentReply => ({ ok: false, stage: "setup", reason: error.message.trim().split("\n").pop() });

/** Starts the WAN server, runs the checks, stops the server. */
export async function probe(lab: Lab, checks: ProbeCheck[] = CHECKS): Promise<ProbeRow[]> {
  const server = await startWanServer(lab);
  try {
    return await runChecks(lab, checks);
  } finally {
    server.stop();
  }
}

// "not run": the probe itself could not run here (a missing tool, a client that could not send), which says
// nothing about the router.
export type TableRow = { protocol: string; check: string; result: "pass" | "partial" | "blocked" | `not run: ${string}` };

export function tableRow(row: ProbeRow): TableRow {
  const [protocol, check] = [row.check.protocol, row.check.label];
  const unsent = row.replies.find((r) => r.stage === "setup");
  if (unsent) return { protocol, check, result: `not run: the probe client could not send (${unsent.reason ?? "no reason given"})` };
  const partial = !row.passed && row.replies.some((r) => r.ok);
  return { protocol, check, result: row.passed ? "pass" : partial ? "partial" : "blocked" };
}

export function formatProbeTable(rows: TableRow[]): string {
  return ["| protocol | check | result |", "| --- | --- | --- |", ...rows.map((r) => `| ${r.protocol} | ${r.check} | ${r.result} |`)].join("\n");
}
