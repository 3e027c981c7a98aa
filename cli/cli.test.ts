// The CLI as an admin uses it: bin/lintas run inside a throwaway namespace with its own data dir.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNetns, rootFirewall, type TestNetns } from "../lab/testing/netns";

const bin = path.join(import.meta.dirname, "..", "bin", "lintas");
let ns: TestNetns;
let dataDir: string;
let rootBefore: string;

beforeAll(() => {
  rootBefore = rootFirewall();
  ns = createNetns("cli", { lan: ["br-lan", "lan1"], wan: "wan0" });
  dataDir = mkdtempSync(path.join(tmpdir(), "lintas-cli-"));
});
afterAll(() => {
  ns.remove();
  rmSync(dataDir, { recursive: true, force: true });
  expect(rootFirewall()).toBe(rootBefore);
});

function lintas(...args: string[]) {
  const result = spawnSync("ip", ["netns", "exec", ns.name, bin, ...args], {
    encoding: "utf8",
    env: { ...process.env, LINTAS_DATA_DIR: dataDir, LINTAS_BACKEND: "", LINTAS_DHCP_LEASES: path.join(dataDir, "dnsmasq.leases") },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Everything a bad input must not change: the stored rows and the namespace's whole ruleset. */
function state() {
  const file = path.join(dataDir, "lintas.db");
  let rows = "no database";
  if (existsSync(file)) {
    const db = new Database(file, { readonly: true });
    rows = JSON.stringify(
      ["Network", "Passthrough", "AppliedState"].map((t) => db.prepare(`SELECT * FROM "${t}" ORDER BY 1`).all()),
    );
    db.close();
  }
  return { rows, kernel: ns.sh("nft list ruleset; iptables-save | grep -v '^#' || true") };
}

describe("lintas CLI", () => {
  it("refuses to apply before the network is configured (exit 1), changing nothing", () => {
    const before = state();
    const r = lintas("passthrough", "set", "pptp=on");
    expect(r.code).toBe(1);
    expect(r.err).toContain("the network is not configured yet");
    expect(before.rows).toBe("no database");
    expect(state().rows).toBe("[[],[],[]]"); // created and migrated, nothing stored
    expect(ns.sh("nft list ruleset")).toBe("");
  });

  it("network set saves and applies; network shows it", () => {
    const r = lintas("network", "set", "--lan", "br-lan,lan1", "--wan", "wan0", "--masquerade", "on");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("applied with nftables");
    expect(lintas("network").out).toBe("network: LAN br-lan,lan1 -> WAN wan0, masquerade on, host firewall open\n");
    expect(ns.sh("nft list chain inet lintas postrouting")).toContain('oifname "wan0" masquerade');
  });

  it("network set --host-firewall takes open or report; another word is refused (exit 2), changing nothing", () => {
    const before = state();
    const bad = lintas("network", "set", "--host-firewall", "ignore");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('bad value "ignore" for --host-firewall: accepted values are open, report');
    expect(state()).toEqual(before);
    expect(lintas("network", "set", "--host-firewall", "report").code).toBe(0);
    expect(lintas("network").out).toContain("host firewall report");
    expect(lintas("network", "set", "--host-firewall", "open").code).toBe(0);
  });

  it("passthrough set pptp=on assigns the helper on TCP 1723 at priority filter and accepts GRE, in one transaction", () => {
    const r = lintas("passthrough", "set", "pptp=on");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/PPTP\s+active/);
    const table = ns.sh("nft list table inet lintas");
    expect(table).toMatch(/chain prerouting \{\n\t\ttype filter hook prerouting priority filter; policy accept;\n\t\tiifname \{ "(br-lan|lan1)", "(br-lan|lan1)" \} tcp dport 1723 ct helper set "pptp"/);
    expect(table).toMatch(/meta l4proto gre ct mark set ct mark \| 0x01000000 counter name "pptp_lan_to_wan" accept comment "pptp=on: GRE \(tunnel\) LAN->WAN accept"/);
    expect(lintas("passthrough").out).toContain("pptp=on\n");
  });

  it("passthrough set pptp=off replaces the helper with drops", () => {
    const r = lintas("passthrough", "set", "pptp=off", "l2tp=on", "ipsec=on", "ipsec.natT=off");
    expect(r.code).toBe(0);
    const table = ns.sh("nft list table inet lintas");
    expect(table).not.toContain("ct helper");
    expect(table).toContain('meta l4proto gre drop comment "pptp=off: GRE (tunnel) LAN->WAN drop"');
    expect(table).toContain('tcp sport 1723 drop comment "pptp=off: TCP 1723 (control) WAN->LAN drop"');
    expect(table).toContain('udp dport 4500 drop comment "ipsec.natT=off');
    // One line per protocol, sub-options beside their protocol.
    expect(lintas("passthrough").out).toContain("pptp=off\nipsec=on (ipsec.natT=off ipsec.esp=on ipsec.ah=off)\nl2tp=on\n");
  });

  it("status shows desired vs kernel per protocol; --json agrees", () => {
    const text = lintas("status");
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/PPTP\s+blocked\s+blocked/);
    expect(text.out).toMatch(/L2TP\s+active\s+active\s+active/);
    // The traffic column and the flows: what the packets meet, judged through the whole ruleset.
    expect(text.out).toMatch(/IPsec\s+active\s+active\s+active\s+ike=pass natT=blocked esp=pass ah=blocked\n/);
    expect(text.out).toContain("drift: none");
    // No other firewall in this namespace: nothing on the host drops the traffic.
    expect(text.out).toContain("host firewall: open: Lintas opens each switched-on protocol through the host firewall\n  no other firewall sees forwarded traffic");
    expect(text.out).toContain("L2TP: passes the host firewall");
    // This test namespace does not forward: status says so, since no switch can then let anything through.
    expect(text.out).toContain("warning: IPv4 forwarding is off");
    const json = JSON.parse(lintas("status", "--json").out);
    expect(json.backend).toBe("nftables");
    expect(json.kernel.inSync).toBe(true);
    const actual = Object.fromEntries(json.kernel.protocols.map((p: { id: string; actual: string }) => [p.id, p.actual]));
    expect(actual).toMatchObject({ pptp: "blocked", ipsec: "active", l2tp: "active" });
    expect(json.kernel.protocols[1].flows).toEqual({ ike: "pass", natT: "blocked", esp: "pass", ah: "blocked" });
    expect(json.traffic.ipsec).toEqual({ verdict: "active", flows: { ike: "pass", natT: "blocked", esp: "pass", ah: "blocked" } });
    expect(json.host).toMatchObject({ readable: true, mode: "open", firewalls: [], protocols: { l2tp: { verdict: { verdict: "passes" }, openedIn: [] } } });
  });

  it("apply is idempotent and repairs drift", () => {
    const before = ns.sh("nft list ruleset");
    expect(lintas("apply").code).toBe(0);
    expect(ns.sh("nft list ruleset")).toBe(before);
    ns.sh("nft flush chain inet lintas forward");
    const drifted = lintas("status").out;
    expect(drifted).toMatch(/drift: \d+ rules missing/);
    // PPTP is off, but with its drops gone its traffic gets through: the status says so, not "blocked".
    expect(drifted).toMatch(/PPTP\s+blocked\s+\w+\s+partly\s+control=pass gre=blocked helper=none  <- differs\n  Switched off, but its traffic still passes/);
    const repaired = lintas("apply");
    // L2TP is on and passes every flow: nothing it should block can have opened, so its flows are kept.
    expect(repaired.out).toContain("cut open flows of pptp, ipsec:");
    expect(ns.sh("nft list ruleset")).toBe(before);
  });

  it("a switch change while the WAN is down (a PPP link) applies with a warning; network set would refuse", () => {
    ns.sh("ip link set wan0 name wan0-down");
    try {
      const r = lintas("passthrough", "set", "l2tp=off");
      expect(r.code).toBe(0);
      expect(r.out).toContain('warning: WAN interface "wan0" does not exist right now');
      expect(lintas("network", "set", "--wan", "wan0").code).toBe(2);
    } finally {
      ns.sh("ip link set wan0-down name wan0");
    }
    expect(lintas("passthrough", "set", "l2tp=on").code).toBe(0);
  });

  it("two applies at the same moment are serialised: the kernel ends up exactly as stored", async () => {
    const run = (...args: string[]) =>
      new Promise<number>((resolve) =>
        spawn("ip", ["netns", "exec", ns.name, bin, ...args], { env: { ...process.env, LINTAS_DATA_DIR: dataDir, LINTAS_BACKEND: "" } })
          .on("close", (code) => resolve(code ?? 1)),
      );
    const codes = await Promise.all([run("passthrough", "set", "pptp=on"), run("passthrough", "set", "ipsec.ah=on"), run("apply")]);
    expect(codes).toEqual([0, 0, 0]);
    const json = JSON.parse(lintas("status", "--json").out);
    expect(json.passthrough.pptp.enabled).toBe(true);
    expect(json.passthrough.ipsec.ah).toBe(true);
    expect(json.kernel.inSync).toBe(true);
    expect(lintas("passthrough", "set", "pptp=off", "ipsec.ah=off").code).toBe(0);
  });

  it("stops quietly when its reader has gone (`lintas flows | head -5`)", async () => {
    const child = spawn("ip", ["netns", "exec", ns.name, bin, "flows"], {
      env: { ...process.env, LINTAS_DATA_DIR: dataDir, LINTAS_BACKEND: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy(); // the reader is gone before the first line: every write meets EPIPE
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("passthrough scope limits a protocol to LAN sources and servers, shows it, and --clear lifts it", () => {
    // The router's DHCP server leased 192.168.1.50 to "laptop" (dnsmasq's lease file).
    writeFileSync(path.join(dataDir, "dnsmasq.leases"), "1900000000 02:00:5e:10:00:01 192.168.1.50 laptop 01:02:00:5e:10:00:01\n");
    expect(lintas("passthrough", "set", "pptp=on").code).toBe(0);
    const r = lintas("passthrough", "scope", "pptp", "--allow-lan", "192.168.1.23,Laptop", "--allow-lan", "10.1.0.0/16", "--allow-server", "198.51.100.0/24");
    expect(r.err).toBe("");
    expect(r.out).toContain("PPTP   LAN sources 192.168.1.23, laptop, 10.1.0.0/16; servers 198.51.100.0/24");
    expect(ns.sh("nft list set inet lintas pptp_lan_v4").replace(/\s+/g, " ")).toContain("elements = { 10.1.0.0/16, 192.168.1.23, 192.168.1.50 }");
    expect(ns.sh("nft list chain inet lintas forward")).toContain('meta l4proto gre counter name "pptp_outside_scope" drop');
    // Changing one list keeps the other.
    expect(lintas("passthrough", "scope", "pptp", "--allow-server", "198.51.100.7").code).toBe(0);
    expect(lintas("passthrough", "scope", "pptp").out).toBe("PPTP   LAN sources 192.168.1.23, laptop, 10.1.0.0/16; servers 198.51.100.7\n");
    expect(lintas("passthrough").out).toContain("pptp=on, scoped: LAN sources 192.168.1.23, laptop, 10.1.0.0/16; servers 198.51.100.7\n");
    const status = lintas("status").out;
    expect(status).toContain("PPTP   LAN sources 192.168.1.23, laptop (192.168.1.50), 10.1.0.0/16; servers 198.51.100.7; outside it: 0 packets dropped");
    expect(status).toContain("drift: none");
    expect(lintas("passthrough", "scope", "pptp", "--clear").code).toBe(0);
    expect(lintas("passthrough", "scope", "pptp").out).toBe("PPTP   LAN sources everyone; servers everywhere\n");
    expect(ns.sh("nft list table inet lintas")).not.toContain("set pptp_");
    expect(lintas("passthrough", "set", "pptp=off").code).toBe(0);
  });

  it("render prints the ruleset for either backend and applies nothing", () => {
    const before = state();
    const nft = lintas("render");
    expect(nft.out.startsWith("table inet lintas {")).toBe(true);
    const ipt = lintas("render", "--backend", "iptables");
    expect(ipt.out).toContain("-A LINTAS_FORWARD -i br-lan -o wan0 -p udp -m udp --dport 1701");
    expect(state()).toEqual(before);
  });

  it.each([
    [["passthrough", "set", "wireguard=on"], 'unknown switch "wireguard": accepted keys are pptp, ipsec, ipsec.natT, ipsec.esp, ipsec.ah, l2tp'],
    [["passthrough", "set", "pptp=yes"], 'bad value "yes" for pptp: accepted values are on, off'],
    [["passthrough", "set", "pptp"], '"pptp" is not KEY=on|off'],
    [["passthrough", "set", "l2tp.natT=on"], 'unknown switch "l2tp.natT"'],
    [["passthrough", "set"], "nothing to set"],
    [["passthrough", "scope", "pptp", "--allow-lan", "192.168.1.300"], 'PPTP allowed LAN sources: "192.168.1.300" is not an IP address, a CIDR block, a MAC address or a device name'],
    [["passthrough", "scope", "pptp", "--allow-server", "02:00:5e:10:00:01"], 'PPTP allowed servers: "02:00:5e:10:00:01" is not an IP address, a CIDR block or a host name'],
    [["passthrough", "scope", "ipsec", "--allow-server", "198.51.100.7/24"], 'IPsec allowed servers: "198.51.100.7/24" has bits set after its prefix length: the block is 198.51.100.0/24'],
    [["passthrough", "scope", "l2tp", "--allow-lan", "192.168.1.23,192.168.1.23/32"], 'L2TP allowed LAN sources: "192.168.1.23/32" is listed twice'],
    [["passthrough", "scope", "pptp", "--allow-lan", "192.168.1.23,"], 'PPTP allowed LAN sources: "" is not an IP address'],
    [["passthrough", "scope", "pptp", "--allow-lan", "phone"], 'PPTP allowed LAN sources: "phone" is no device in the DHCP leases or the neighbour table'],
    [["passthrough", "scope", "pptp", "--allow-server", "vpn.example.invalid"], 'PPTP allowed servers: "vpn.example.invalid" does not resolve to an address'],
    [["passthrough", "scope", "wireguard", "--clear"], 'unknown protocol "wireguard": accepted values are pptp, ipsec, l2tp'],
    [["passthrough", "scope", "pptp", "--clear", "--allow-lan", "10.0.0.1"], "--clear empties both lists"],
    [["passthrough", "scope", "pptp", "--allow-lan"], "--allow-lan needs a value"],
    [["passthrough", "scope", "--allow-lan", "10.0.0.1"], "which protocol's scope?"],
    [["passthrough", "scope", "pptp", "--allow-wan", "10.0.0.1"], 'unknown option "--allow-wan"'],
    [["network", "set", "--lan", "br/lan"], 'lan "br/lan": interface name cannot contain /, : or whitespace'],
    [["network", "set", "--wan", "averyveryverylongname"], 'wan "averyveryverylongname": interface name is longer than 15 characters'],
    [["network", "set", "--lan", "eth7"], 'LAN interface "eth7" does not exist on this router'],
    [["network", "set", "--wan", "ppp9"], 'WAN interface "ppp9" does not exist on this router'],
    [["network", "set", "--masquerade", "maybe"], 'bad value "maybe" for --masquerade: accepted values are on, off'],
    [["network", "set", "--lan"], "--lan needs a value"],
    [["render", "--backend", "pf"], 'bad value "pf" for --backend: accepted values are nftables, iptables, dry-run'],
    [["status", "--yaml"], 'unknown option "--yaml"'],
    [["reboot"], 'unknown command "reboot"'],
    [["trace"], 'trace takes one protocol (pptp, ipsec, l2tp), got ""'],
    [["trace", "wireguard"], 'unknown protocol "wireguard": accepted values are pptp, ipsec, l2tp'],
    [["trace", "ipsec", "--seconds", "61"], "--seconds 61 is not a whole number of seconds from 1 to 60"],
    [["trace", "ipsec", "--seconds", "2.5"], "--seconds 2.5 is not a whole number of seconds from 1 to 60"],
    [["trace", "ipsec", "--from", "192.168.1"], "--from 192.168.1 is not an IPv4 or IPv6 address"],
  ])("rejects %j with exit 2 and changes nothing", (args, message) => {
    const before = state();
    const r = lintas(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain("nothing was changed");
    expect(state()).toEqual(before);
  });

  it("admin set-password reads stdin: creates the admin, refuses a weak password (exit 2)", () => {
    const run = (input: string, ...args: string[]) =>
      spawnSync(bin, ["admin", "set-password", ...args], { input, encoding: "utf8", env: { ...process.env, LINTAS_DATA_DIR: dataDir } });
    const weak = run("password123\n", "admin");
    expect(weak.status).toBe(2);
    expect(weak.stderr).toContain("password: This password is too common.");
    const created = run("a long enough passphrase\n", "admin");
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('admin "admin" created');
    const changed = run("another long passphrase\n", "admin");
    expect(changed.stdout).toContain("all of its sessions were signed out");
    expect(run("whatever long enough\n", "mallory").stderr).toContain('no admin named "mallory"');
  });

  it("without CAP_NET_ADMIN it falls back to dry-run and says so, touching no firewall", () => {
    // A user namespace of its own: the process is root there but has no power over this network namespace.
    const shared = mkdtempSync(path.join(tmpdir(), "lintas-nocap-"));
    chmodSync(shared, 0o777);
    const before = ns.sh("nft list ruleset");
    const r = spawnSync("ip", ["netns", "exec", ns.name, "unshare", "--user", bin, "status"], {
      encoding: "utf8",
      env: { ...process.env, LINTAS_DATA_DIR: shared, LINTAS_BACKEND: "" },
    });
    rmSync(shared, { recursive: true, force: true });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("backend: dry-run (no firewall can be changed here");
    expect(ns.sh("nft list ruleset")).toBe(before);
  });

  it("a checkout without a build says to run npm run build, and runs nothing", () => {
    const checkout = mkdtempSync(path.join(tmpdir(), "lintas-unbuilt-"));
    mkdirSync(path.join(checkout, "bin"));
    copyFileSync(bin, path.join(checkout, "bin", "lintas"));
    const r = spawnSync(path.join(checkout, "bin", "lintas"), ["--help"], { encoding: "utf8" });
    rmSync(checkout, { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("the command line is not built");
    expect(r.stderr).toContain("run `npm run build`");
  });

  it("uses the dry-run backend when asked: records, touches no firewall", () => {
    const before = ns.sh("nft list ruleset");
    const r = lintas("passthrough", "set", "pptp=on", "--backend", "dry-run");
    expect(r.code).toBe(0);
    expect(r.out).toContain("dry-run: no firewall was changed");
    expect(ns.sh("nft list ruleset")).toBe(before);
    expect(existsSync(path.join(dataDir, "dry-run-ruleset.json"))).toBe(true);
    expect(lintas("status", "--backend", "dry-run").out).toMatch(/PPTP\s+active\s+active/);
  });
});
