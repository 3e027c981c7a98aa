// The CLI's startup snapshot: bin/lintas runs it where it loads and the bundle everywhere else, with the same
// result; and nothing read at build time can end up frozen in it.
import { spawnSync } from "node:child_process";
import fs, { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forbidRunTimeState } from "./startup-snapshot";

const bin = path.join(import.meta.dirname, "..", "bin", "lintas");
const NOT_CONFIGURED = "network: not configured (lintas network set --lan IF[,IF] --wan IF)\n";
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "lintas-snapshot-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `lintas network` on an empty data dir (it opens the database: the native addon loads), and how it was run. */
function showNetwork(env: Record<string, string> = {}) {
  const result = spawnSync("sh", ["-x", bin, "network"], {
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "", LINTAS_DATA_DIR: path.join(dir, "data"), ...env },
  });
  const ran = /^\+ exec node (.*)$/m.exec(result.stderr)?.[1] ?? "";
  return { code: result.status, out: result.stdout, ran: ran.includes("--snapshot-blob") ? "snapshot" : ran.endsWith("lintas.cjs network") ? "bundle" : ran };
}

describe("bin/lintas", () => {
  it("runs the startup snapshot with the node that built it", () => {
    expect(showNetwork()).toEqual({ code: 0, out: NOT_CONFIGURED, ran: "snapshot" });
  });

  it("runs the bundle under any other node binary", () => {
    const otherNode = path.join(dir, "bin", "node");
    fs.mkdirSync(path.dirname(otherNode));
    writeFileSync(otherNode, `#!/bin/sh\nexec ${process.execPath} "$@"\n`);
    chmodSync(otherNode, 0o755);
    expect(showNetwork({ PATH: `${path.dirname(otherNode)}:${process.env.PATH}` })).toEqual({ code: 0, out: NOT_CONFIGURED, ran: "bundle" });
  });

  it("runs the bundle when NODE_OPTIONS may hold V8 flags (the snapshot would refuse to load)", () => {
    expect(showNetwork({ NODE_OPTIONS: "--max-old-space-size=200" })).toEqual({ code: 0, out: NOT_CONFIGURED, ran: "bundle" });
  });
});

describe("forbidRunTimeState (while the snapshot is built)", () => {
  it("fails a read of the environment or the arguments, and a call for a file, the user or the clock", () => {
    const allow = forbidRunTimeState();
    const attempts = [() => process.env.HOME, () => process.argv, () => fs.readFileSync("/etc/hostname"), () => process.getuid?.(), () => Date.now()];
    const errors = attempts.map((attempt) => {
      try {
        attempt();
        return "allowed";
      } catch (error) {
        return (error as Error).message.split(" while ")[0];
      }
    });
    expect(() => allow()).toThrow(/process\.env read while the CLI's startup snapshot is built/);
    expect(errors).toEqual(["process.env read", "process.argv read", "fs.readFileSync() called", "process.getuid() called", "Date.now() called"]);
  });

  it("fails the build even when the initialiser caught the error and went on with a fallback", () => {
    const allow = forbidRunTimeState();
    let user = "";
    try {
      user = process.env.USER ?? "";
    } catch {
      user = "fallback";
    }
    expect(user).toBe("fallback");
    expect(() => allow()).toThrow(/process\.env read/);
  });

  it("fails the build when Node warns meanwhile (e.g. a built-in module the snapshot does not support was loaded)", async () => {
    const allow = forbidRunTimeState();
    process.emitWarning("It's not yet fully verified whether built-in module \"node:vm\" works in user snapshot builder scripts.");
    await new Promise((resolve) => process.nextTick(resolve)); // emitWarning emits on the next tick
    expect(() => allow()).toThrow(/built-in module "node:vm"/);
  });

  it("restores everything, and a function a library kept a reference to works at run time", () => {
    const env = process.env;
    const allow = forbidRunTimeState();
    const kept = fs.existsSync;
    allow();
    expect(process.env).toBe(env);
    expect(kept(dir)).toBe(true);
    expect(fs.existsSync).not.toBe(kept);
  });
});
