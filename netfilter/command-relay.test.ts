// The command relay kept by a long-running panel, against the real kernel inside throwaway namespaces: the same
// results as a direct start, commands overlapping, started again after a kill -9, a command never run twice
// (one it took and lost is a failure, one it never took is run directly), and no process left behind by a panel
// that dies. Root only.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectKeptProgramEndsWithPanel, untilGone } from "../lab/testing/kept-panel";
import { createNetns, requireRoot, type TestNetns } from "../lab/testing/netns";
import { relayPid } from "./command-relay";
import { withTempFile, type RunResult } from "./exec";
import { keepHelperPrograms, stopKeepingHelperPrograms } from "./kept-programs";

requireRoot();

const ELEMENTS = 20_000;

/** The results of both ways of running, the relay's first. */
async function bothWays(ns: TestNetns, run: () => Promise<RunResult>): Promise<[RunResult, RunResult]> {
  keepHelperPrograms();
  const relayed = await run();
  expect(relayPid(ns.runner)).toEqual(expect.any(Number));
  stopKeepingHelperPrograms();
  return [relayed, await run()];
}

const later = <T>(value: T, ms = 50) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

/** A batch adding a table `name` whose set holds `count` addresses (nft -j -f input). */
function bigTable(name: string, count: number): string {
  const elem = Array.from({ length: count }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  return JSON.stringify({
    nftables: [
      { add: { table: { family: "inet", name } } },
      { add: { set: { family: "inet", table: name, name: "hosts", type: "ipv4_addr" } } },
      { add: { element: { family: "inet", table: name, name: "hosts", elem } } },
    ],
  });
}

describe("the command relay", () => {
  let ns: TestNetns;
  let dir: string;
  beforeAll(() => {
    ns = createNetns("relay");
    dir = mkdtempSync(path.join(tmpdir(), "lintas-relay-"));
  });
  afterEach(() => stopKeepingHelperPrograms());
  afterAll(() => {
    ns?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  // nft reads its batch from a file, as the backend gives it (a Node socketpair is no stdin it can open).
  const nftFile = (batch: string) => withTempFile("batch.json", batch, (file) => ns.runner.run(["nft", "-j", "-f", file]));

  it("applies a batch and reads a big ruleset back as a direct start does", async () => {
    const [applied, again] = await bothWays(ns, () => nftFile(bigTable(`t${Math.random().toString(36).slice(2, 8)}`, ELEMENTS)));
    expect([applied, again]).toEqual([{ code: 0, stdout: "", stderr: "" }, { code: 0, stdout: "", stderr: "" }]);
    const [relayed, direct] = await bothWays(ns, () => ns.runner.run(["nft", "-j", "list", "ruleset"]));
    expect(relayed).toEqual(direct);
    expect(relayed.stdout.length).toBeGreaterThan(2 * ELEMENTS * 10);
    expect(JSON.parse(relayed.stdout).nftables.filter((entry: object) => "table" in entry)).toHaveLength(2);
  });

  it("answers a failing command's code and stderr, and argv with spaces and quotes, as a direct start does", async () => {
    const cases = [
      () => nftFile('{"nftables": [{"add": {"chain": {"family": "inet", "table": "nosuch", "name": "c"}}}]}'),
      () => ns.runner.run(["nft", "list", "table", "inet", "nosuch"]),
      () => ns.runner.run(["sh", "-c", 'printf "%s|" "$@"; printf "\\r\\nno newline at the end é"; echo "to stderr" >&2; exit 3', "sh", "a b", "it's", '"quoted"', "", "  "]),
      () => ns.runner.run(["cat"], Promise.reject(new Error("never told"))),
      () => ns.runner.run(["cat"], later("line one\nline two\n\n")),
      () => ns.runner.run(["python3", "-c", "import sys; print(sys.stdin.read().upper(), end='')"], Promise.resolve("from stdin\n")),
      () => ns.runner.run(["sh", "-c", "kill -9 $$"]),
      () => ns.runner.run(["ip", "-j", "link", "show"]),
    ];
    for (const run of cases) {
      const [relayed, direct] = await bothWays(ns, run);
      expect(relayed).toEqual(direct);
    }
    keepHelperPrograms();
    expect(await ns.runner.run(["sh", "-c", 'printf "%s|" "$@"', "sh", "a b", "it's", '"q"'])).toEqual({ code: 0, stdout: 'a b|it\'s|"q"|', stderr: "" });
    expect((await ns.runner.run(["/nonexistent/program"])).code).toBe(127);
  });

  it("runs commands at the same time, one relay for them all", async () => {
    keepHelperPrograms();
    await ns.runner.run(["true"]);
    const pid = relayPid(ns.runner);
    // The reader waits for the writer: run one after the other, they would never end.
    const fifo = path.join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const [read, written] = await Promise.all([ns.runner.run(["cat", fifo]), later(null).then(() => ns.runner.run(["sh", "-c", `echo through > ${fifo}`]))]);
    expect([read.stdout, written.code]).toEqual(["through\n", 0]);
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => ns.runner.run(["sh", "-c", `sleep 0.0$((${i} % 5)); echo ${i}`])));
    expect(many.map((result) => result.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => `${i}\n`));
    expect(relayPid(ns.runner)).toBe(pid);
  });

  it("is started again after a kill -9; a command it had taken is a failure, run only once", async () => {
    keepHelperPrograms();
    await ns.runner.run(["true"]);
    const first = relayPid(ns.runner)!;
    const marks = path.join(dir, "taken");
    const running = ns.runner.run(["sh", "-c", `echo ran >> ${marks}; sleep 0.3`]);
    await later(null, 100);
    process.kill(first, "SIGKILL");
    const lost = await running;
    expect(lost.code).not.toBe(0);
    expect(lost.stderr).toContain("not run again");
    await later(null, 400);
    expect(readFileSync(marks, "utf8")).toBe("ran\n");
    expect(await untilGone(first)).toBe(true);
    expect(await ns.runner.run(["echo", "again"])).toEqual({ code: 0, stdout: "again\n", stderr: "" });
    expect(relayPid(ns.runner)).toEqual(expect.any(Number));
    expect(relayPid(ns.runner)).not.toBe(first);
  });

  it("runs a command it never took directly, once, and ends the relay that did not take it", async () => {
    keepHelperPrograms();
    await ns.runner.run(["true"]);
    const stuck = relayPid(ns.runner)!;
    process.kill(stuck, "SIGSTOP");
    const marks = path.join(dir, "untaken");
    expect(await ns.runner.run(["sh", "-c", `echo ran >> ${marks}; echo done`])).toEqual({ code: 0, stdout: "done\n", stderr: "" });
    expect(await untilGone(stuck)).toBe(true);
    expect(readFileSync(marks, "utf8")).toBe("ran\n");
    await ns.runner.run(["true"]);
    expect(relayPid(ns.runner)).not.toBe(stuck);
  }, 15_000);

  it("keeps one per namespace, each running its commands there", async () => {
    const other = createNetns("relay-other");
    try {
      keepHelperPrograms();
      other.sh("ip link add br-other type bridge");
      const links = async (netns: TestNetns) => (JSON.parse((await netns.runner.run(["ip", "-j", "link", "show"])).stdout) as { ifname: string }[]).map((link) => link.ifname);
      expect(await links(other)).toEqual(["lo", "br-other"]);
      expect(await links(ns)).toEqual(["lo"]);
      expect(relayPid(other.runner)).not.toBe(relayPid(ns.runner));
    } finally {
      stopKeepingHelperPrograms();
      other.remove();
    }
  });

  // A panel: opts in, runs a command (its relay starts), prints its pid, then waits to be ended.
  const PANEL = {
    imports: `import { relayPid } from "./netfilter/command-relay.ts";`,
    use: `await runner.run(["true"])`,
    keptPid: "relayPid(runner)",
  };

  it.each(["SIGTERM", "SIGKILL"] as const)("ends with a panel that gets %s, leaving no process behind", (signal) => expectKeptProgramEndsWithPanel(ns.name, PANEL, signal));
});
