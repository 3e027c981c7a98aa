// A reboot, whatever order the host firewall and Lintas start in: the data dir survives, the namespace does not
// (a new one has an empty ruleset and an empty conntrack table). The services start as their units start them:
// `lintas apply` at boot, then `lintas watch`; the host firewall as nftables.service loads its file (it begins
// with `flush ruleset`) and Docker as it sets iptables-nft's FORWARD policy. Afterwards the stored switches are in
// the kernel within 2 s.
import { beforeEach, describe, expect, it } from "vitest";
import { lintasIn, waitFor } from "../lab/testing/lintas-process";
import { lintasNetnsEachTest, settled, TEST_NETWORK } from "../lab/testing/lintas-netns";
import { createNetns } from "../lab/testing/netns";

const NFTABLES_CONF = `flush ruleset
table inet filter {
  chain input { type filter hook input priority filter; policy accept; }
  chain forward { type filter hook forward priority filter; policy drop; ct state established,related accept; }
  chain output { type filter hook output priority filter; policy accept; }
}
`;

const t = lintasNetnsEachTest("boot", (dataDir) => {
  // Before the reboot: the admin set the switches.
  const before = createNetns("boot-before", TEST_NETWORK);
  try {
    const configure = lintasIn(before.name, dataDir);
    expect(configure.run("network", "set", "--lan", "br-lan", "--wan", "wan0", "--masquerade", "on").code).toBe(0);
    expect(configure.run("passthrough", "set", "pptp=on", "ipsec=on", "l2tp=on").code).toBe(0);
  } finally {
    before.remove();
  }
});

// The reboot: a new namespace, nothing in its ruleset or conntrack table.
beforeEach(() => {
  expect(t.ns.sh("nft list ruleset")).toBe("");
  expect(t.ns.sh("conntrack -C").trim()).toBe("0");
});

const nftablesService = () => t.ns.sh(`cat <<'EOF' | nft -f -\n${NFTABLES_CONF}EOF`);
const docker = () => t.ns.sh("iptables-nft -P FORWARD DROP && iptables-nft -N DOCKER-USER && iptables-nft -A FORWARD -j DOCKER-USER");

/** Every stored switch is in the kernel, beside the host firewall's own tables. */
async function expectRestored(): Promise<void> {
  await waitFor(() => t.tablePresent() && t.lintas.inSync(), 2000, () => t.watch?.log ?? "");
  const status = JSON.parse(t.lintas.run("status", "--json").out);
  expect(status.kernel.protocols.map((p: { actual: string }) => p.actual)).toEqual(["active", "active", "active"]);
  const tables = t.ns.sh("nft list tables");
  expect(tables).toContain("table inet filter");
  expect(tables).toContain("table ip filter");
}

describe("after a reboot the stored switches come back", () => {
  it("host firewall and Docker first, then lintas apply, then lintas watch: nothing left to repair", async () => {
    nftablesService();
    docker();
    expect(t.lintas.run("apply").code).toBe(0);
    t.watch = await t.lintas.startWatch();
    await expectRestored();
    await settled();
    expect(t.lintas.audit("config.repair")).toEqual([]);
  });

  it("Lintas first (apply, watch), then the host firewall flushes the ruleset, then Docker: the watcher puts it back", async () => {
    expect(t.lintas.run("apply").code).toBe(0);
    t.watch = await t.lintas.startWatch();
    nftablesService();
    docker();
    await expectRestored();
    await settled();
    const repairs = t.lintas.audit("config.repair");
    expect(repairs).toHaveLength(1);
    expect(repairs[0]!.detail.repair).toMatchObject({ cause: { target: "table inet lintas", change: "removed", by: [{ process: "nft" }] } });
  });

  it("the host firewall loads between lintas apply and lintas watch: the watcher restores it at its start", async () => {
    expect(t.lintas.run("apply").code).toBe(0);
    nftablesService();
    docker();
    expect(t.tablePresent()).toBe(false);
    t.watch = await t.lintas.startWatch();
    await expectRestored();
    const repairs = t.lintas.audit("config.repair");
    expect(repairs).toHaveLength(1);
    expect(repairs[0]!.detail.repair).toMatchObject({ cause: { trigger: "start" }, found: expect.arrayContaining([expect.objectContaining({ part: "table inet lintas", absent: true })]) });
    expect(t.watch.log).toContain("found at the watcher's start; restored table inet lintas");
  });
});
