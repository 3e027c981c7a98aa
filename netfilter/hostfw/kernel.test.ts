// Openings through each owner's own tool, against the real kernel in throwaway namespaces: after one apply the
// kernel's listing of the openings is exactly what the plan asked for (a second plan changes nothing), the host
// passes the protocols that are on, and Off (or report mode) leaves none of Lintas's rules behind.
// Traffic through these openings is proven in e2e/lab/host-firewall.test.ts.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createNetns, requireRoot, rootFirewall, type TestNetns } from "../../lab/testing/netns";
import { configSchema, type HostFirewallMode, type LintasConfig } from "../config";
import type { Runner } from "../exec";
import { applyOpenings } from "./apply";
import { judgeProtocols } from "./judge";
import { openingText } from "./openings";
import { checkHost, planOpenings } from "./plan";
import { readHost } from "./read";
import { removeAllOpenings } from "./remove";
import { hostInput } from "./test-support";

requireRoot();
const config = (on: { pptp?: boolean; ipsec?: boolean; l2tp?: boolean }, hostFirewall: HostFirewallMode = "open"): LintasConfig =>
  configSchema.parse({
    network: { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true, hostFirewall },
    passthrough: { pptp: { enabled: !!on.pptp }, ipsec: { enabled: !!on.ipsec }, l2tp: { enabled: !!on.l2tp } },
  });

async function read(runner: Runner) {
  const host = await readHost(runner);
  if (!host.ok) throw new Error(host.reason);
  return host.ruleset;
}

/** Plans and applies the openings for a config; returns what was planned, what a second plan finds, and the verdicts. */
async function converge(runner: Runner, cfg: LintasConfig) {
  const input = hostInput(cfg);
  const first = planOpenings(await read(runner), input);
  const applied = await applyOpenings(runner, first.changes);
  const after = await read(runner);
  return { first, applied, again: planOpenings(after, input), verdicts: judgeProtocols(after, { ...cfg, families: input.families }) };
}

let rootBefore: string;
beforeAll(() => void (rootBefore = rootFirewall()));
afterAll(() => expect(rootFirewall()).toBe(rootBefore));

let ns: TestNetns;
afterEach(() => ns?.remove());

describe("a plain nftables.conf table", () => {
  it("gets Lintas's rules at the top of its forward chain, exactly as planned, and loses them on Off", async () => {
    ns = createNetns("hfnft", { lan: ["br-lan"], wan: "wan0" });
    ns.sh(`nft -f - <<'EOF'
table inet filter {
	chain forward {
		type filter hook forward priority filter; policy drop;
		ct state established,related accept
	}
}
EOF`);
    const on = await converge(ns.runner, config({ pptp: true, ipsec: true }));
    expect(on.applied.failures).toEqual([]);
    expect(on.first.changes.add.map(openingText)).toContain('nft insert rule inet filter forward iifname "br-lan" oifname "wan0" meta l4proto gre accept comment "lintas: pptp"');
    expect(on.again.changes).toEqual({ add: [], remove: [] });
    expect(on.verdicts).toMatchObject({ pptp: { verdict: "passes" }, ipsec: { verdict: "passes" }, l2tp: { verdict: "blocked" } });
    // Inserted at the top: before the host's own first rule.
    expect(ns.sh("nft list chain inet filter forward").split("\n")[3]).toContain('comment "lintas: ');
    // What a watcher sees: the openings hold; one deleted by someone else, and they no longer do.
    const cfg = config({ pptp: true, ipsec: true });
    const input = hostInput(cfg);
    expect(checkHost(await read(ns.runner), input).holds).toBe(true);
    const handle = /udp dport 500 accept comment "lintas: ipsec" # handle (\d+)/.exec(ns.sh("nft -a list chain inet filter forward"))![1];
    ns.sh(`nft delete rule inet filter forward handle ${handle}`);
    const broken = checkHost(await read(ns.runner), input);
    expect(broken).toMatchObject({ holds: false, blocked: ["ipsec"] });
    expect(broken.missing.map(openingText)).toEqual(['nft insert rule inet filter forward iifname "br-lan" oifname "wan0" udp dport 500 accept comment "lintas: ipsec"']);
    expect((await converge(ns.runner, cfg)).again.changes).toEqual({ add: [], remove: [] });

    const off = await converge(ns.runner, config({ ipsec: true }));
    expect(off.first.changes.remove.map(openingText).join("\n")).toMatch(/^(nft insert rule .* comment "lintas: pptp"\n?){2}$/);
    expect(off.again.changes).toEqual({ add: [], remove: [] });
    expect(ns.sh("nft list chain inet filter forward")).not.toContain("lintas: pptp");

    const report = await converge(ns.runner, config({ ipsec: true }, "report"));
    expect(report.again.present).toEqual([]);
    expect(report.verdicts.ipsec).toMatchObject({ verdict: "blocked", at: { table: { family: "inet", name: "filter" }, chain: "forward" } });
    expect(ns.sh("nft list ruleset")).not.toContain("lintas:");
  });
});

describe("Docker's iptables (iptables-nft)", () => {
  it("is opened in DOCKER-USER both ways, read back through iptables-save, and emptied of Lintas's rules on Off", async () => {
    ns = createNetns("hfdock", { lan: ["br-lan"], wan: "wan0" });
    ns.sh("iptables -P FORWARD DROP && iptables -N DOCKER-USER && iptables -A DOCKER-USER -j RETURN && iptables -I FORWARD -j DOCKER-USER");
    const on = await converge(ns.runner, config({ pptp: true, l2tp: true }));
    expect(on.applied.failures).toEqual([]);
    expect(on.again.changes).toEqual({ add: [], remove: [] });
    expect(on.verdicts).toMatchObject({ pptp: { verdict: "passes" }, l2tp: { verdict: "passes" }, ipsec: { verdict: "blocked" } });
    const saved = ns.sh("iptables-save -t filter");
    expect(saved).toContain('-A DOCKER-USER -i wan0 -o br-lan -p gre -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "lintas: pptp" -j ACCEPT');
    // Docker's own RETURN stays last.
    expect(saved.split("\n").filter((l) => l.startsWith("-A DOCKER-USER")).at(-1)).toBe("-A DOCKER-USER -j RETURN");

    const off = await converge(ns.runner, config({}));
    expect(off.applied.failures).toEqual([]);
    expect(off.again.present).toEqual([]);
    expect(ns.sh("iptables-save -t filter")).not.toContain("lintas:");
  });
});

describe("uninstall", () => {
  it("takes every opening out of every host firewall, without the config that made them", async () => {
    ns = createNetns("hfrm", { lan: ["br-lan"], wan: "wan0" });
    ns.sh("iptables -P FORWARD DROP && iptables -N DOCKER-USER && iptables -I FORWARD -j DOCKER-USER");
    ns.sh("nft add table inet filter && nft add chain inet filter forward '{ type filter hook forward priority filter; policy drop; }'");
    const on = await converge(ns.runner, config({ pptp: true, ipsec: true, l2tp: true }));
    expect(on.again.present.length).toBeGreaterThan(20);
    expect(await removeAllOpenings(ns.runner)).toEqual({ removed: on.again.present.length, failures: [] });
    expect(ns.sh("nft list ruleset; iptables-save")).not.toContain("lintas");
  });
});

/** A private copy of /etc/ufw per test, bind-mounted for each ufw run (HOSTFW.md): /etc stays untouched. */
function ufwRunner(netns: TestNetns, dir: string): Runner {
  return {
    netns: netns.name,
    run: (argv) =>
      argv[0] === "ufw"
        ? netns.runner.run([
            "unshare", "-m", "sh", "-c",
            `mount --bind "${dir}/ufw-etc" /etc/ufw && mount --bind "${dir}/ufw-default" /etc/default/ufw && exec ufw "$@"`,
            "ufw", ...argv.slice(1),
          ])
        : netns.runner.run(argv),
  };
}

describe("ufw", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is opened with route rules carrying Lintas's comment, kept in ufw's own files, and removed on Off", async () => {
    ns = createNetns("hfufw", { lan: ["br-lan"], wan: "wan0" });
    dir = mkdtempSync(path.join(tmpdir(), "lintas-ufw-"));
    cpSync("/etc/ufw", path.join(dir, "ufw-etc"), { recursive: true });
    cpSync("/etc/default/ufw", path.join(dir, "ufw-default"));
    const runner = ufwRunner(ns, dir);
    expect((await runner.run(["ufw", "--force", "enable"])).code).toBe(0);

    const on = await converge(runner, config({ ipsec: true }));
    expect(on.applied.failures).toEqual([]);
    expect(on.first.changes.add.map(openingText)).toEqual([
      "ufw route allow in on br-lan out on wan0 proto udp to any port 500 comment 'lintas: ipsec'",
      "ufw route allow in on br-lan out on wan0 proto udp to any port 4500 comment 'lintas: ipsec.natT'",
      "ufw route allow in on br-lan out on wan0 proto esp comment 'lintas: ipsec'".replace("'lintas: ipsec'", "'lintas: ipsec.esp'"),
    ]);
    expect(on.again.changes).toEqual({ add: [], remove: [] });
    // ufw's own ufw-before-forward accepts the replies: IPv4 and IPv6 pass.
    expect(on.verdicts.ipsec).toEqual({ verdict: "passes" });
    expect((await runner.run(["ufw", "show", "added"])).stdout).toContain("comment 'lintas: ipsec.natT'");

    const off = await converge(runner, config({}));
    expect(off.applied.failures).toEqual([]);
    expect(off.again.present).toEqual([]);
    expect((await runner.run(["ufw", "show", "added"])).stdout).not.toContain("lintas");

    // Uninstall finds them by the comment ufw keeps in its own files.
    await converge(runner, config({ l2tp: true }));
    expect(await removeAllOpenings(runner)).toMatchObject({ failures: [] });
    expect((await runner.run(["ufw", "show", "added"])).stdout).not.toContain("lintas");
  }, 60_000);
});

describe("firewalld", () => {
  let dir: string;
  let bus: number | undefined;
  let firewalld: ChildProcess | undefined;
  const busAddress = process.env.DBUS_SYSTEM_BUS_ADDRESS;
  afterEach(async () => {
    firewalld?.kill("SIGTERM");
    if (firewalld && firewalld.exitCode === null) await new Promise((resolve) => firewalld!.once("exit", resolve));
    if (bus) process.kill(bus, "SIGTERM");
    if (busAddress === undefined) delete process.env.DBUS_SYSTEM_BUS_ADDRESS;
    else process.env.DBUS_SYSTEM_BUS_ADDRESS = busAddress;
    rmSync(dir, { recursive: true, force: true });
  });

  it("is opened by a policy from the LAN zone to the WAN zone, runtime and permanent, and loses it on Off", async () => {
    ns = createNetns("hffwd", { lan: ["br-lan"], wan: "wan0" });
    dir = mkdtempSync(path.join(tmpdir(), "lintas-firewalld-"));
    // A private system bus and config (HOSTFW.md): firewalld and firewall-cmd find the bus by this variable.
    writeFileSync(
      path.join(dir, "bus.conf"),
      `<busconfig><type>system</type><listen>unix:path=${dir}/bus.sock</listen><auth>EXTERNAL</auth>` +
        `<policy context="default"><allow user="root"/><allow own="*"/><allow send_destination="*"/><allow receive_sender="*"/></policy></busconfig>`,
    );
    const printed = execFileSync("ip", ["netns", "exec", ns.name, "dbus-daemon", `--config-file=${dir}/bus.conf`, "--fork", "--print-pid=1"], { encoding: "utf8" });
    bus = Number(printed.trim());
    process.env.DBUS_SYSTEM_BUS_ADDRESS = `unix:path=${dir}/bus.sock`;
    cpSync("/etc/firewalld", path.join(dir, "fw-etc"), { recursive: true });
    firewalld = spawn("ip", ["netns", "exec", ns.name, "firewalld", "--nofork", "--nopid", "--system-config", `${dir}/fw-etc`, "--log-target", "file", "--log-file", `${dir}/fw.log`], { stdio: "ignore" });
    const fc = (...args: string[]) => ns.runner.run(["firewall-cmd", ...args]);
    for (let i = 0; (await fc("--state")).stdout.trim() !== "running"; i++) {
      if (i > 200) throw new Error("firewalld did not start");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await fc("--permanent", "--zone=internal", "--add-interface=br-lan");
    await fc("--permanent", "--zone=external", "--add-interface=wan0");
    await fc("--reload");

    const on = await converge(ns.runner, config({ l2tp: true, pptp: true }));
    expect(on.applied).toEqual({ failures: [], reloaded: true });
    expect(on.again.changes).toEqual({ add: [], remove: [] });
    expect(on.verdicts).toMatchObject({ pptp: { verdict: "passes" }, l2tp: { verdict: "passes" }, ipsec: { verdict: "blocked", at: { chain: "filter_FWD_internal" } } });
    expect((await fc("--permanent", "--policy", "lintas-pptp", "--list-ports")).stdout.trim()).toBe("1723/tcp");
    expect((await fc("--permanent", "--policy", "lintas-pptp", "--list-protocols")).stdout.trim()).toBe("gre");

    // PPTP off: no reload; the runtime policy opens nothing any more and the permanent one is gone.
    const off = await converge(ns.runner, config({ l2tp: true }));
    expect(off.applied).toEqual({ failures: [], reloaded: false });
    expect(off.again.changes).toEqual({ add: [], remove: [] });
    expect(off.verdicts.pptp.verdict).toBe("blocked");
    expect((await fc("--permanent", "--get-policies")).stdout).not.toContain("lintas-pptp");
    expect((await fc("--permanent", "--get-policies")).stdout).toContain("lintas-l2tp");

    // Uninstall: no lintas- policy left in the permanent config, and none at runtime opens anything.
    expect(await removeAllOpenings(ns.runner)).toMatchObject({ failures: [] });
    expect((await fc("--permanent", "--get-policies")).stdout).not.toContain("lintas-");
    expect(judgeProtocols(await read(ns.runner), { ...config({ l2tp: true }), families: ["ipv4"] }).l2tp.verdict).toBe("blocked");
  }, 120_000); // firewalld answers each firewall-cmd in 0.3-0.7 s, and a policy takes a dozen
});
