// A private lab per test file, so files run in parallel without sharing namespaces.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { onRouter, type HostFirewallName } from "../../lab/host-firewall/profiles";
import { bringUp, labDown, routerLintas, routerLintasCommand } from "../../lab/lab";
import { labNamed, type Lab } from "../../lab/topology";
import type { StatusReport } from "../../lib/passthrough";
import { startWanServer } from "../../lab/probes";
import { requireRoot, rootFirewall } from "../../lab/testing/netns";

export type TestLab = {
  lab: Lab;
  /** `lintas ARGS` inside the lab router; throws unless it exits 0. */
  lintas(...args: string[]): string;
  /** `lintas passthrough set ...` inside the lab router; throws unless it exits 0. */
  set(...words: string[]): string;
  status(): StatusReport;
  /** Runs a shell command inside the router namespace, seeing the router's host firewall files and bus. */
  routerSh(script: string): string;
  /** Starts a long-running `lintas ARGS` (watch, serve) in the router; it ends with the lab, or when killed. */
  startLintas(...args: string[]): ChildProcess;
  /**
   * SIGKILLs every process startLintas started, as a power cut does, and resolves once each is reaped: a killed
   * child of this test process stays a zombie (alive to `kill -0`, so its apply lock looks held) until then.
   */
  killStarted(): Promise<void>;
  down(): void;
};

export type TestLabOptions = { backend?: Lab["backend"]; hostFirewall?: HostFirewallName };

export function createTestLab(tag: string, options: TestLabOptions = {}): TestLab {
  requireRoot();
  const dataDir = mkdtempSync(path.join(tmpdir(), `lintas-lab-${tag}-`));
  const lab = labNamed(`lintas-lab-${tag}${randomBytes(2).toString("hex")}`, dataDir, options.backend);
  const started: ChildProcess[] = [];
  const down = () => {
    for (const child of started) child.kill("SIGKILL");
    labDown(lab);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    bringUp(lab, () => {}, options.hostFirewall);
  } catch (error) {
    down();
    throw error;
  }
  const lintas = (...args: string[]) => {
    const r = routerLintas(lab, args);
    if (r.code !== 0) throw new Error(`lintas ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  return {
    lab,
    lintas,
    set: (...words) => lintas("passthrough", "set", ...words),
    status: () => JSON.parse(lintas("status", "--json")) as StatusReport,
    routerSh: (script) => {
      const command = onRouter(lab, ["sh", "-c", script]);
      return execFileSync("ip", command.args, { encoding: "utf8", env: command.env, stdio: ["ignore", "pipe", "pipe"] });
    },
    startLintas: (...args) => {
      const command = routerLintasCommand(lab, args);
      const child = spawn("ip", command.args, { env: command.env, stdio: ["ignore", "pipe", "pipe"] });
      started.push(child);
      return child;
    },
    killStarted: async () => {
      const running = started.splice(0).filter((child) => child.exitCode === null && child.signalCode === null);
      await Promise.all(running.map((child) => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGKILL")))));
    },
    down,
  };
}

export type UseTestLabOptions = TestLabOptions & { wanServer?: boolean };

/**
 * Brings a lab up before the tests of the file (or the describe block) it is called in and down after them, with
 * the WAN host's servers when asked, and checks that the root namespace's firewall is as it was. `ready` gets the
 * lab once it is up (and does the block's own setup).
 */
export function useTestLab(tag: string, options: UseTestLabOptions, ready: (t: TestLab) => void | Promise<void>): void {
  let t: TestLab | undefined;
  let server: { stop(): void } | undefined;
  let rootBefore: string;
  beforeAll(async () => {
    rootBefore = rootFirewall();
    t = createTestLab(tag, options);
    if (options.wanServer) server = await startWanServer(t.lab);
    await ready(t);
  });
  afterAll(() => {
    server?.stop();
    t?.down();
    expect(rootFirewall()).toBe(rootBefore);
  });
}
