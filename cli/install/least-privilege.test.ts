// Lintas as `lintas install`'s units run it, proven without systemd: bin/lintas as an unprivileged uid with
// only the capabilities the units grant, in a throwaway namespace, on a file system read-only but for the data
// dir and a private /tmp (lab/testing/service-sandbox.ts). The command line applies, reads back and cuts
// flows; the panel serves HTTPS on port 443 with the certificate it made (HTTP on 80 redirects) and applies a
// switch; without CAP_NET_ADMIN it falls back to dry-run.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillConntrack } from "../../lab/testing/fill-conntrack";
import { VPN_CT_MARK } from "../../netfilter/ct-mark";
import { createNetns, rootFirewall, type TestNetns } from "../../lab/testing/netns";
import { asService, fromOptLintas, SERVICE_APP_ROOT, SERVICE_TEST_UID } from "../../lab/testing/service-sandbox";
import { untilServing } from "../../lab/testing/panel-serving";
import { serviceCapabilities } from "./units";

const root = path.join(import.meta.dirname, "..", "..");
const bin = path.join(root, "bin", "lintas");
let ns: TestNetns;
let dataDir: string;
let rootBefore: string;

beforeAll(() => {
  rootBefore = rootFirewall();
  ns = createNetns("lpriv", { lan: ["br-lan"], wan: "wan0" });
  // Outside /tmp: the sandbox's private /tmp would hide it.
  dataDir = mkdtempSync("/var/tmp/lintas-lpriv-");
  chownSync(dataDir, SERVICE_TEST_UID, SERVICE_TEST_UID);
  chmodSync(dataDir, 0o700);
});
afterAll(() => {
  ns.remove();
  rmSync(dataDir, { recursive: true, force: true });
  expect(rootFirewall()).toBe(rootBefore);
});

const env = () => ({ ...process.env, LINTAS_DATA_DIR: dataDir, LINTAS_BACKEND: "" });

function asLintas(capabilities: readonly string[], args: string[], input?: string) {
  const [cmd, ...rest] = asService(ns.name, dataDir, capabilities, [bin, ...args]);
  const result = spawnSync(cmd!, rest, { encoding: "utf8", env: env(), input });
  return { code: result.status, out: result.stdout, err: result.stderr };
}
const cli = (...args: string[]) => asLintas(serviceCapabilities(), args);

/** Every file in the data dir, with its owner: all must stay the service user's. */
function owners(): Record<string, number> {
  return Object.fromEntries(readdirSync(dataDir).map((name) => [name, statSync(path.join(dataDir, name)).uid]));
}

describe("the command line as the service user (CAP_NET_ADMIN only, read-only system)", () => {
  it("runs in the sandbox the units make: the checkout and /run read-only, the data dir writable", () => {
    const probe = asService(ns.name, dataDir, serviceCapabilities(), ["sh", "-c", `id -u; touch ${SERVICE_APP_ROOT}/.next/probe /run/probe ${dataDir}/probe 2>&1; true`]);
    const result = spawnSync(probe[0]!, probe.slice(1), { encoding: "utf8" });
    expect(result.stdout).toContain(`${SERVICE_TEST_UID}\n`);
    expect(result.stdout).toContain(`cannot touch '${SERVICE_APP_ROOT}/.next/probe': Read-only file system`);
    expect(result.stdout).toContain("cannot touch '/run/probe': Read-only file system");
    expect(result.stdout).not.toContain(`${dataDir}/probe`);
    rmSync(path.join(dataDir, "probe"));
  });

  it("applies with nftables, reads the kernel back in sync, and the conntrack helper works", () => {
    const network = cli("network", "set", "--lan", "br-lan", "--wan", "wan0", "--masquerade", "on");
    expect(network.err).toBe("");
    expect(network.out).toContain("applied with nftables");
    expect(cli("passthrough", "set", "pptp=on", "l2tp=on").code).toBe(0);
    expect(ns.sh("nft list table inet lintas")).toContain('ct helper set "pptp"');
    const status = JSON.parse(cli("status", "--json").out);
    expect(status.backend).toBe("nftables");
    expect(status.kernel.inSync).toBe(true);
    expect(status.capabilities.conntrack).toEqual({ available: true });
    expect(Object.fromEntries(status.kernel.protocols.map((p: { id: string; actual: string }) => [p.id, p.actual]))).toMatchObject({ pptp: "active", l2tp: "active" });
  });

  it("a switch turned off cuts that protocol's open flows, and only those", () => {
    // Marked as the rules mark the flows they pass: `lintas flows` asks for the marked entries.
    fillConntrack(ns.name, { unrelated: 20, vpnMark: VPN_CT_MARK });
    const l2tpBefore = ns.sh("conntrack -L -p udp --dport 1701 2>/dev/null | wc -l").trim();
    expect(Number(l2tpBefore)).toBeGreaterThan(0);
    const off = cli("passthrough", "set", "pptp=off");
    expect(off.code).toBe(0);
    expect(off.out).toMatch(/cut open flows of pptp: [1-9]\d* conntrack entries deleted/);
    expect(ns.sh("conntrack -L -p tcp --dport 1723 2>/dev/null | wc -l").trim()).toBe("0");
    expect(ns.sh("conntrack -L -p udp --dport 1701 2>/dev/null | wc -l").trim()).toBe(l2tpBefore);
    const flows = cli("flows");
    expect(flows).toMatchObject({ code: 0, err: "" }); // on failure, vitest shows what the CLI said
    expect(flows.out).toContain("l2tp");
  });

  it("root's command line on this data dir runs as its owner: the files stay the service's, the audit names root", () => {
    const result = spawnSync("ip", ["netns", "exec", ns.name, ...fromOptLintas([bin, "passthrough", "set", "ipsec=on"])], { encoding: "utf8", env: env() });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(Object.keys(owners())).toContain("lintas.db");
    expect(Object.values(owners()).every((uid) => uid === SERVICE_TEST_UID)).toBe(true);
    const db = new Database(path.join(dataDir, "lintas.db"), { readonly: true });
    const last = db.prepare(`SELECT "actor", "action" FROM "AuditEvent" ORDER BY "id" DESC LIMIT 1`).get();
    db.close();
    expect(last).toEqual({ actor: `cli (${process.env.SUDO_USER ?? "root"})`, action: "config.change" });
  });

  it("without CAP_NET_ADMIN (a unit without AmbientCapabilities) it falls back to dry-run and says so", () => {
    const before = ns.sh("nft list ruleset");
    const status = asLintas([], ["status"]);
    expect(status.err).toBe("");
    expect(status.out).toContain("backend: dry-run (no firewall can be changed here");
    expect(ns.sh("nft list ruleset")).toBe(before);
  });
});

describe("the panel as the service user (CAP_NET_ADMIN + CAP_NET_BIND_SERVICE, read-only system)", () => {
  let server: ChildProcess;

  beforeAll(async () => {
    // As the installed unit runs it (--tls: 443, and 80 redirecting).
    const [cmd, ...rest] = asService(ns.name, dataDir, serviceCapabilities(443, 80), [bin, "serve", "--tls", "--host", "127.0.0.1"]);
    server = spawn(cmd!, rest, { env: env(), stdio: ["ignore", "pipe", "pipe"], detached: true });
    await untilServing(server, 30_000);
  }, 40_000);
  afterAll(() => {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
  });

  // -k: the certificate is self-signed (cli/serve/serve.test.ts checks it against the banner).
  const curl = (...args: string[]) =>
    spawnSync("ip", ["netns", "exec", ns.name, "curl", "-k", "-s", "-o", "-", "-w", "\n%{http_code}", ...args], { encoding: "utf8" }).stdout;

  it("answers HTTPS on port 443 of the namespace's loopback with the certificate it made, and redirects port 80", () => {
    expect(curl("https://127.0.0.1/login")).toMatch(/\n(200|307)$/);
    expect(curl("http://127.0.0.1/login")).toMatch(/\n308$/);
    const key = statSync(path.join(dataDir, "tls", "key.pem"));
    expect({ uid: key.uid, mode: (key.mode & 0o777).toString(8) }).toEqual({ uid: SERVICE_TEST_UID, mode: "600" });
  });

  it("applies a switch through the panel's Save & apply, as the service user", async () => {
    expect(asLintas(serviceCapabilities(), ["admin", "set-password", "admin"], "a long enough passphrase\n").code).toBe(0);
    const token = await signIn();
    const applied = curl(
      "-H", "Origin: https://127.0.0.1",
      "-H", `Next-Action: ${serverActionId("app/(panel)/vpn/actions.ts", "applyAction")}`,
      "-H", "Content-Type: text/plain;charset=UTF-8",
      "-H", "Accept: text/x-component",
      "-H", `Cookie: lintas_session=${token}`,
      "--data-binary", JSON.stringify([{ changes: { pptp: { enabled: true } }, cutConfirmed: false }]),
      "https://127.0.0.1/vpn",
    );
    expect(applied).toContain('"ok":true');
    expect(ns.sh("nft list table inet lintas")).toContain('ct helper set "pptp"');
    expect(JSON.parse(cli("status", "--json").out).passthrough.pptp.enabled).toBe(true);
    expect(Object.values(owners()).every((uid) => uid === SERVICE_TEST_UID)).toBe(true);
  });
});

/** A session for the admin, made by the same service the login form calls (the form's encoding is the browser's business). */
async function signIn(): Promise<string> {
  process.env.LINTAS_DATA_DIR = dataDir;
  const { login } = await import("../../lib/auth/accounts");
  const result = await login({ username: "admin", password: "a long enough passphrase", userAgent: "vitest" }, { name: "admin", address: "127.0.0.1" });
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  return result.token;
}

/** The id Next gave a server action in this build. */
function serverActionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(readFileSync(path.join(root, ".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const found = Object.entries(manifest.node).find(([, action]) => action.filename === file && action.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${exportedName} in ${file}: run \`npm run build\``);
  return found[0];
}
