// A private lab per test file, so files run in parallel without sharing namespaces.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { bringUp, labDown, routerLintas } from "../../lab/lab";
import { labNamed, type Lab } from "../../lab/topology";
import type { StatusReport } from "../../lib/passthrough";
import { requireRoot } from "../../lab/testing/netns";

export type TestLab = {
  lab: Lab;
  /** `lintas passthrough set ...` inside the lab router; throws unless it exits 0. */
  set(...words: string[]): string;
  status(): StatusReport;
  /** Runs a shell command inside the router namespace. */
  routerSh(script: string): string;
  down(): void;
};

export function createTestLab(tag: string, backend?: Lab["backend"]): TestLab {
  requireRoot();
  const dataDir = mkdtempSync(path.join(tmpdir(), `lintas-lab-${tag}-`));
  const lab = labNamed(`lintas-lab-${tag}${randomBytes(2).toString("hex")}`, dataDir, backend);
  bringUp(lab);
  const lintas = (args: string[]) => {
    const r = routerLintas(lab, args);
    if (r.code !== 0) throw new Error(`lintas ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  return {
    lab,
    set: (...words) => lintas(["passthrough", "set", ...words]),
    status: () => JSON.parse(lintas(["status", "--json"])) as StatusReport,
    routerSh: (script) =>
      execFileSync("ip", ["netns", "exec", lab.router, "sh", "-c", script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }),
    down: () => {
      labDown(lab);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
