// `lintas serve` keeps one conntrack script for its queries and one command relay for its commands, and leaves
// neither behind: the real server (built panel, dry-run backend, loopback), whose status page lists the open VPN
// flows and the kernel's state. The flows are only read (this namespace's table; the dry-run backend never cuts
// and changes no firewall). Needs root and `npm run build`.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { signIn, startPanelServer, type PanelServer } from "../../e2e/bench/panel-server";
import { requireRoot } from "../../lab/testing/netns";

requireRoot();

/** The server's kept programs: the conntrack script in its kept mode, the command relay. */
function keptPrograms(server: number): { scripts: number[]; relays: number[] } {
  const children = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(server)], { encoding: "utf8" }).trim().split("\n");
  const ending = (word: string) => children.filter((line) => line.includes("python3") && line.trimEnd().endsWith(word)).map((line) => Number(line.trim().split(" ")[0]));
  return { scripts: ending("--serve"), relays: ending("lintas-relay") };
}

const gone = (pid: number) => {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
};

async function until(condition: () => boolean, ms = 5_000) {
  for (const end = Date.now() + ms; !condition() && Date.now() < end; ) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
}

describe("lintas serve and its kept programs", () => {
  let panel: PanelServer | undefined;
  afterEach(async () => panel?.stop());

  const statusPage = async (panel: PanelServer, cookie: string) => {
    const response = await fetch(`${panel.baseUrl}/status`, { headers: { cookie } });
    expect(response.status).toBe(200);
    await response.text();
  };

  it.each(["SIGTERM", "SIGKILL"] as const)("keeps one of each, page after page, and they end when the server gets %s", async (signal) => {
    panel = await startPanelServer();
    const cookie = await signIn(panel.baseUrl, panel.username, panel.password);
    await statusPage(panel, cookie);
    const kept = keptPrograms(panel.pid);
    expect(kept).toEqual({ scripts: [expect.any(Number)], relays: [expect.any(Number)] });
    await statusPage(panel, cookie);
    expect(keptPrograms(panel.pid)).toEqual(kept);
    process.kill(panel.pid, signal);
    expect(await until(() => [...kept.scripts, ...kept.relays].every(gone))).toBe(true);
  });
});
