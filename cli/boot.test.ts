// A reboot, whatever order the host firewall and Lintas start in: the data dir survives, the namespace does not
// (a new one has an empty ruleset and an empty conntrack table). The services start as their units start them:
// `lintas apply` at boot, then `lintas watch`; the host firewall as nftables.service loads its file (it begins
// with `flush ruleset`) and Docker as it sets iptables-nft's FORWARD policy. Afterwards the stored switches are in
// the kernel within 2 s.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lintasIn, waitFor, type WatchProcess } from "../lab/testing/lintas-process";
import { createNetns, rootFirewall, type TestNetns } from "../lab/testing/netns";

const NETWORK = { lan: ["br-lan"], wan: "wan0" };
// A strict Debian-style /etc/nftables.conf.
const NFTABLES_CONF = `flush ruleset
table inet filter {
  chain input { type filter hook input priority filter; policy accept; }
  chain forward { type filter hook forward priority filter; policy drop; ct state established,related accept; }
  chain output { type filter hook output priority filter; policy accept; }
}
`;

let ns: TestNetns;
let dataDir: string;
let lintas: ReturnType<typeof lintasIn>;
let watch: WatchProcess | undefined;
let rootBefore: string;

beforeEach(() => {
  rootBefore = rootFirewall();
  dataDir = mkdtempSync(path.join(tmpdir(), "lintas-boot-"));
  // Before the reboot: the admin set the switches.
  const before = createNetns("boot-before", NETWORK);
  const configure = lintasIn(before.name, dataDir);
  expect(configure.run("network", "set", "--lan", "br-lan", "--wan", "wan0", "--masquerade", "on").code).toBe(0);
  expect(configure.run("passthrough", "set", "pptp=on", "ipsec=on", "l2tp=on").code).toBe(0);
  before.remove();
  // The reboot: a new namespace, nothing in its ruleset or conntrack table.
  ns = createNetns("boot", NETWORK);
  lintas = lintasIn(ns.name, dataDir);
  expect(ns.sh("nft list ruleset")).toBe("");
  expect(ns.sh("conntrack -C").trim()).toBe("0");
});
afterEach(async () => {
  await watch?.stop();
  watch = undefined;
  ns.remove();
  rmSync(dataDir, { recursive: true, force: true });
  expect(rootFirewall()).toBe(rootBefore);
});

const nftablesService = () => ns.sh(`cat <<'EOF' | nft -f -\n${NFTABLES_CONF}EOF`);
const docker = () => ns.sh("iptables-nft -P FORWARD DROP && iptables-nft -N DOCKER-USER && iptables-nft -A FORWARD -j DOCKER-USER");
const tablePresent = () => ns.sh("nft list tables").includes("table inet lintas");
const settled = () => new Promise((resolve) => setTimeout(resolve, 1000));

/** Every stored switch is in the kernel, beside the host firewall's own tables. */
async function expectRestored(): Promise<void> {
  await waitFor(() => tablePresent() && lintas.inSync(), 2000, () => watch?.log ?? "");
  const status = JSON.parse(lintas.run("status", "--json").out);
  expect(status.kernel.protocols.map((p: { actual: string }) => p.actual)).toEqual(["active", "active", "active"]);
  const tables = ns.sh("nft list tables");
  expect(tables).toContain("table inet filter");
  expect(tables).toContain("table ip filter");
}

describe("after a reboot the stored switches come back", () => {
  it("host firewall and Docker first, then lintas apply, then lintas watch: nothing left to repair", async () => {
    nftablesService();
    docker();
    expect(lintas.run("apply").code).toBe(0);
    watch = await lintas.startWatch();
    await expectRestored();
    await settled();
    expect(lintas.audit("config.repair")).toEqual([]);
  });

  it("Lintas first (apply, watch), then the host firewall flushes the ruleset, then Docker: the watcher puts it back", async () => {
    expect(lintas.run("apply").code).toBe(0);
    watch = await lintas.startWatch();
    nftablesService();
    docker();
    await expectRestored();
    await settled();
    const repairs = lintas.audit("config.repair");
    expect(repairs).toHaveLength(1);
    expect(repairs[0]!.detail.repair).toMatchObject({ cause: { target: "table inet lintas", change: "removed", by: [{ process: "nft" }] } });
  });

  it("the host firewall loads between lintas apply and lintas watch: the watcher restores it at its start", async () => {
    expect(lintas.run("apply").code).toBe(0);
    nftablesService();
    docker();
    expect(tablePresent()).toBe(false);
    watch = await lintas.startWatch();
    await expectRestored();
    const repairs = lintas.audit("config.repair");
    expect(repairs).toHaveLength(1);
    expect(repairs[0]!.detail.repair).toMatchObject({ cause: { trigger: "start" }, found: expect.arrayContaining([expect.objectContaining({ part: "table inet lintas", absent: true })]) });
    expect(watch.log).toContain("found at the watcher's start; restored table inet lintas");
  });
});
