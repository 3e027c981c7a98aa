// `lintas install|uninstall` under --root (a throwaway dir): this machine's /etc, users and units are never
// touched. The checkout is seen at /opt/lintas, as on a router, through a bind mount in a private mount
// namespace that ends with each command. Rules are applied and removed inside a throwaway network namespace.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNetns, rootFirewall, type TestNetns } from "../../lab/testing/netns";
import { SERVICE_TEST_UID } from "../../lab/testing/service-sandbox";
import { renderUnits } from "./units";

const checkout = path.join(import.meta.dirname, "..", "..");
const BIN = "/opt/lintas/bin/lintas";
const UNITS = ["lintas-apply.service", "lintas-panel.service", "lintas-watch.service"];
let target: string;
let ns: TestNetns;
let rootBefore: string;

beforeAll(() => {
  rootBefore = rootFirewall();
  ns = createNetns("install", { lan: ["br-lan"], wan: "wan0" });
  target = mkdtempSync(path.join(tmpdir(), "lintas-install-root-"));
  chmodSync(target, 0o755); // as / is: the service user must reach its data dir
});
afterAll(() => {
  ns.remove();
  rmSync(target, { recursive: true, force: true });
  expect(rootFirewall()).toBe(rootBefore);
  // Nothing of it on this machine.
  expect(spawnSync("getent", ["passwd", "lintas"]).status).toBe(2);
  for (const unit of UNITS) expect(existsSync(path.join("/etc/systemd/system", unit))).toBe(false);
});

/** Runs `command` with the checkout at /opt/lintas (`optMode`: the mode of /opt there). */
function atOpt(command: string[], options: { env?: Record<string, string>; optMode?: string } = {}) {
  const script = `mount -t tmpfs -o mode=${options.optMode ?? "0755"} tmpfs /opt && mkdir /opt/lintas && mount --bind "$1" /opt/lintas && shift && exec "$@"`;
  const result = spawnSync("unshare", ["--mount", "--propagation", "private", "sh", "-ec", script, "sh", checkout, ...command], {
    encoding: "utf8",
    env: { ...process.env, LINTAS_BACKEND: "", ...options.env },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}
const lintas = (...args: string[]) => atOpt(["ip", "netns", "exec", ns.name, BIN, ...args]);

const unitFile = (name: string) => path.join(target, "etc/systemd/system", name);
const wantsDir = () => path.join(target, "etc/systemd/system/multi-user.target.wants");
const wanted = () => (existsSync(wantsDir()) ? readdirSync(wantsDir()).sort() : []);
const passwdEntry = () => readFileSync(path.join(target, "etc/passwd"), "utf8").split("\n").find((l) => l.startsWith("lintas:"));
/** Everything under the target root, for "changed nothing". */
const tree = (dir = target): string[] =>
  existsSync(dir) ? readdirSync(dir).flatMap((name) => [path.join(dir, name), ...(lstatSync(path.join(dir, name)).isDirectory() ? tree(path.join(dir, name)) : [])]) : [];

describe("lintas install --root", () => {
  it("--dry-run prints every step and changes nothing", () => {
    const r = lintas("install", "--root", target, "--dry-run");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("dry run: nothing is changed");
    expect(r.out).toContain(`useradd --root ${target} --system --user-group --home-dir /var/lib/lintas --no-create-home --shell /usr/sbin/nologin`);
    expect(r.out).toContain(`data dir ${target}/var/lib/lintas: mode 0700, owned by lintas`);
    for (const unit of UNITS) expect(r.out).toContain(`write ${unitFile(unit)}`);
    expect(r.out).toContain(`      ExecStart=${BIN} serve --tls --port 443\n`);
    expect(r.out).toContain(`systemctl --root=${target} enable lintas-apply.service lintas-panel.service`);
    expect(tree()).toEqual([]);
  });

  it("creates the system user, the data dir and the units, and enables the boot apply and the panel", () => {
    const r = lintas("install", "--root", target);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`systemd is not running for ${target}: the units are enabled for the next boot`);
    const [, , uid, gid, , home, shell] = passwdEntry()!.split(":");
    expect(Number(uid)).toBeLessThan(1000); // a system user
    expect({ home, shell }).toEqual({ home: "/var/lib/lintas", shell: "/usr/sbin/nologin" });
    const data = statSync(path.join(target, "var/lib/lintas"));
    expect({ mode: (data.mode & 0o777).toString(8), uid: data.uid, gid: data.gid }).toEqual({ mode: "700", uid: Number(uid), gid: Number(gid) });
    const expected = renderUnits({ bin: BIN, listen: { tls: true, port: 443, httpPort: 80, names: [], trustedProxies: [] } });
    for (const unit of expected) expect(readFileSync(unitFile(unit.name), "utf8")).toBe(unit.text);
    expect(wanted()).toEqual(["lintas-apply.service", "lintas-panel.service"]);
    expect(readlinkSync(path.join(target, "etc/systemd/system/multi-user.target.wants/lintas-panel.service"))).toBe("/etc/systemd/system/lintas-panel.service");
  });

  it("the generated units pass systemd-analyze verify", () => {
    const r = atOpt(["systemd-analyze", "verify", ...UNITS.map(unitFile)]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });

  it("the panel serves HTTPS on 443 (and redirects from 80) unprivileged, with only CAP_NET_ADMIN and CAP_NET_BIND_SERVICE, in a read-only system", () => {
    const panel = readFileSync(unitFile("lintas-panel.service"), "utf8");
    expect(panel).toContain(`ExecStart=${BIN} serve --tls --port 443\n`);
    for (const line of [
      "User=lintas",
      "AmbientCapabilities=CAP_NET_ADMIN CAP_NET_BIND_SERVICE",
      "CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_BIND_SERVICE",
      "NoNewPrivileges=yes",
      "ProtectSystem=strict",
      "ReadWritePaths=/var/lib/lintas",
      "PrivateTmp=yes",
      "ProtectHome=yes",
      "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK",
    ]) expect(panel).toContain(`\n${line}\n`);
    const apply = readFileSync(unitFile("lintas-apply.service"), "utf8");
    expect(apply).toContain(`ExecStart=${BIN} apply\n`);
    expect(apply).toContain("\nAmbientCapabilities=CAP_NET_ADMIN\n");
    expect(apply).toContain("\nBefore=network-pre.target shutdown.target\n");
    expect(readFileSync(unitFile("lintas-watch.service"), "utf8")).toContain(`ExecStart=${BIN} watch\n`);
  });

  it("again: keeps the user, takes over files root left in the data dir; --panel off enables the watcher instead", () => {
    const uid = passwdEntry()!.split(":")[2];
    writeFileSync(path.join(target, "var/lib/lintas/left-by-root"), "");
    const r = lintas("install", "--root", target, "--panel", "off");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`system user lintas exists (uid ${uid}): kept`);
    expect(statSync(path.join(target, "var/lib/lintas/left-by-root")).uid).toBe(Number(uid));
    expect(wanted()).toEqual(["lintas-apply.service", "lintas-watch.service"]);
    rmSync(path.join(target, "var/lib/lintas/left-by-root"));
  });

  it("--host, high ports and names: the panel listens there and gets no CAP_NET_BIND_SERVICE", () => {
    const r = lintas("install", "--root", target, "--host", "192.168.1.1", "--port", "8443", "--http-port", "8080", "--name", "Router.LAN");
    expect(r.err).toBe("");
    const panel = readFileSync(unitFile("lintas-panel.service"), "utf8");
    expect(panel).toContain(`ExecStart=${BIN} serve --tls --host 192.168.1.1 --port 8443 --http-port 8080 --name router.lan\n`);
    expect(panel).toContain("\nAmbientCapabilities=CAP_NET_ADMIN\n");
    expect(wanted()).toEqual(["lintas-apply.service", "lintas-panel.service"]);
  });

  it("--tls off: plain HTTP, on port 80 unless told", () => {
    expect(lintas("install", "--root", target, "--tls", "off").code).toBe(0);
    const panel = readFileSync(unitFile("lintas-panel.service"), "utf8");
    expect(panel).toContain(`ExecStart=${BIN} serve --port 80\n`);
    expect(panel).toContain("\nAmbientCapabilities=CAP_NET_ADMIN CAP_NET_BIND_SERVICE\n");
  });

  it.each([
    [["install", "--root", "/nonexistent"], '--root "/nonexistent" is not a directory'],
    [["install", "--port", "0"], 'bad value "0" for --port'],
    [["install", "--panel", "maybe"], 'bad value "maybe" for --panel: accepted values are on, off'],
    [["install", "--panel", "off", "--port", "8080"], "--port is the panel's: not with --panel off"],
    [["install", "--panel", "off", "--name", "router.lan"], "--name is the panel's: not with --panel off"],
    [["install", "--tls", "maybe"], 'bad value "maybe" for --tls: accepted values are on, off'],
    [["install", "--tls", "off", "--http-port", "8080"], "--http-port redirects plain HTTP to HTTPS: only with --tls"],
    [["install", "--http-port", "443"], "--http-port 443 is the panel's --port too: choose another, or --http-port off"],
    [["install", "--name", "evil/x"], 'bad value "evil/x" for --name: a DNS name or an IP address'],
    [["install", "--trusted-proxy", "proxy.lan"], 'bad value "proxy.lan" for --trusted-proxy'],
    [["install", "now"], 'install takes no words, got "now"'],
    [["uninstall", "--force"], 'unknown option "--force"'],
  ])("refuses %j with exit 2 and changes nothing", (args, message) => {
    const before = tree();
    const r = lintas(...args, ...(args.includes("--root") ? [] : ["--root", target]));
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(tree()).toEqual(before);
  });

  it("refuses a checkout whose data dir is not the services' (outside /opt and /usr)", () => {
    const r = spawnSync(path.join(checkout, "bin", "lintas"), ["install", "--root", target], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`keeps its data in ${checkout}/data, the services in /var/lib/lintas: install from a checkout or package under /opt or /usr`);
  });

  it("refuses a checkout the lintas user could not reach", () => {
    const r = atOpt([BIN, "install", "--root", target], { optMode: "0700" });
    expect(r.code).toBe(2);
    expect(r.err).toContain("/opt (mode 700) does not let other users through: the lintas user could not reach /opt/lintas/dist/cli/lintas.cjs");
  });

  it("refuses to run without root unless it is a dry run", () => {
    const nobody = ["setpriv", `--reuid=${SERVICE_TEST_UID}`, `--regid=${SERVICE_TEST_UID}`, "--clear-groups", BIN, "install", "--root", target];
    const r = atOpt(nobody);
    expect(r.code).toBe(2);
    expect(r.err).toContain("run it as root (or add --dry-run)");
  });
});

describe("lintas uninstall --root", () => {
  const dataDir = () => path.join(target, "var/lib/lintas");

  it("disables and removes the units, removes every Lintas rule, and keeps the data and the user", () => {
    const env = { LINTAS_DATA_DIR: dataDir() };
    expect(atOpt(["ip", "netns", "exec", ns.name, BIN, "network", "set", "--lan", "br-lan", "--wan", "wan0", "--masquerade", "off"], { env }).code).toBe(0);
    expect(atOpt(["ip", "netns", "exec", ns.name, BIN, "passthrough", "set", "pptp=on"], { env }).code).toBe(0);
    expect(ns.sh("nft list tables")).toContain("table inet lintas");

    const r = lintas("uninstall", "--root", target);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`systemctl --root=${target} disable lintas-apply.service lintas-panel.service lintas-watch.service`);
    expect(r.out).toContain("removed table inet lintas");
    expect(r.out).toContain(`kept ${dataDir()} and the lintas user`);
    // Our table is gone, and the iptables removal created no table of its own.
    expect(ns.sh("nft list ruleset")).toBe("");
    for (const unit of UNITS) expect(existsSync(unitFile(unit))).toBe(false);
    expect(wanted()).toEqual([]);
    // Root's uninstall wrote its audit entry into the service's database: the files are still the service's.
    const uid = Number(passwdEntry()!.split(":")[2]);
    expect(readdirSync(dataDir()).filter((name) => statSync(path.join(dataDir(), name)).uid !== uid)).toEqual([]);
    const db = new Database(path.join(dataDir(), "lintas.db"), { readonly: true });
    const last = db.prepare(`SELECT "action", "detail" FROM "AuditEvent" ORDER BY "id" DESC LIMIT 1`).get();
    db.close();
    expect(last).toEqual({ action: "rules.removed", detail: JSON.stringify({ removed: ["table inet lintas"] }) });
  });

  it("--purge also deletes the data dir and the user; nothing is left to remove", () => {
    const r = lintas("uninstall", "--root", target, "--purge");
    expect(r.code).toBe(0);
    expect(r.out).toContain("no Lintas rules were in the kernel");
    expect(r.out).toContain(`userdel --root ${target} lintas`);
    expect(existsSync(dataDir())).toBe(false);
    expect(passwdEntry()).toBeUndefined();
    const again = lintas("uninstall", "--root", target, "--purge");
    expect(again.code).toBe(0);
    expect(again.out).toContain("no lintas user to delete");
  });
});
