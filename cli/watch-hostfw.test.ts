// The watcher keeps Lintas's openings in the host firewall too (hostfw): a host firewall that reloads only its own
// table, or Docker's DOCKER-USER chain flushed, loses them while table inet lintas stays; the watcher puts them
// back through the same pipeline.
import { describe, expect, it } from "vitest";
import { waitFor } from "../lab/testing/lintas-process";
import { lintasNetnsEachTest, settled } from "../lab/testing/lintas-netns";

const NFTABLES_CONF = `table inet filter {
  chain forward { type filter hook forward priority filter; policy drop; ct state established,related accept; }
}
`;

const t = lintasNetnsEachTest("watch-hostfw");

async function configure(): Promise<void> {
  expect(t.lintas.run("network", "set", "--lan", "br-lan", "--wan", "wan0", "--masquerade", "on").code).toBe(0);
  expect(t.lintas.run("passthrough", "set", "ipsec=on").code).toBe(0);
  t.watch = await t.lintas.startWatch();
}

describe("the watcher and the host firewall's openings", () => {
  it("a host firewall reloading only its own table loses Lintas's openings: they are back within 2 s", async () => {
    t.ns.sh(`cat <<'EOF' | nft -f -\n${NFTABLES_CONF}EOF`);
    await configure();
    const opened = () => t.ns.sh("nft list chain inet filter forward").includes('comment "lintas: ipsec');
    expect(opened()).toBe(true);
    t.ns.sh(`cat <<'EOF' | nft -f -\ndelete table inet filter\n${NFTABLES_CONF}EOF`);
    expect(opened()).toBe(false);
    await waitFor(opened, 2000, () => t.watch!.log);
    await settled();
    const repairs = t.lintas.audit("config.repair");
    expect(repairs).toHaveLength(1);
    expect(repairs[0]!.detail.repair).toMatchObject({
      cause: { trigger: "ruleset", by: [{ process: "nft" }] },
      found: [{ part: { key: "repair.hostOpenings" }, missing: expect.arrayContaining([expect.stringMatching(/^nft insert rule inet filter forward .* comment "lintas: ipsec"$/)]) }],
    });
    expect(t.watch!.log).toMatch(/the ruleset changed by process \d+ \(nft\); restored in Lintas's openings in the host firewall: nft insert rule/);
  });

  it("Docker's DOCKER-USER chain flushed: the openings are back, and the next look finds nothing to do", async () => {
    t.ns.sh("iptables -P FORWARD DROP && iptables -N DOCKER-USER && iptables -A DOCKER-USER -j RETURN && iptables -I FORWARD -j DOCKER-USER");
    await configure();
    const opened = () => t.ns.sh("iptables -S DOCKER-USER").includes("lintas: ipsec");
    expect(opened()).toBe(true);
    t.ns.sh("iptables -F DOCKER-USER && iptables -A DOCKER-USER -j RETURN");
    await waitFor(opened, 2000, () => t.watch!.log);
    await settled();
    expect(t.lintas.audit("config.repair")).toHaveLength(1);
    expect(t.watch!.log).not.toMatch(/still not in place|backing off/);
  });
});
