// The watcher keeps Lintas's openings in the host firewall too (hostfw): a host firewall that reloads only its own
// table, or Docker's DOCKER-USER chain flushed, loses them while table inet lintas stays; the watcher puts them
// back through the same pipeline.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lintasIn, waitFor, type WatchProcess } from "../lab/testing/lintas-process";
import { createNetns, rootFirewall, type TestNetns } from "../lab/testing/netns";

const NFTABLES_CONF = `table inet filter {
  chain forward { type filter hook forward priority filter; policy drop; ct state established,related accept; }
}
`;

let ns: TestNetns;
let dataDir: string;
let lintas: ReturnType<typeof lintasIn>;
let watch: WatchProcess | undefined;
let rootBefore: string;

beforeEach(() => {
  rootBefore = rootFirewall();
  ns = createNetns("watch-hostfw", { lan: ["br-lan"], wan: "wan0" });
  dataDir = mkdtempSync(path.join(tmpdir(), "lintas-watch-hostfw-"));
  lintas = lintasIn(ns.name, dataDir);
});
afterEach(async () => {
  await watch?.stop();
  watch = undefined;
  ns.remove();
  rmSync(dataDir, { recursive: true, force: true });
  expect(rootFirewall()).toBe(rootBefore);
});

const settled = () => new Promise((resolve) => setTimeout(resolve, 1000));

async function configure(): Promise<void> {
  expect(lintas.run("network", "set", "--lan", "br-lan", "--wan", "wan0", "--masquerade", "on").code).toBe(0);
  expect(lintas.run("passthrough", "set", "ipsec=on").code).toBe(0);
  watch = await lintas.startWatch();
}

describe("the watcher and the host firewall's openings", () => {
  it("a host firewall reloading only its own table loses Lintas's openings: they are back within 2 s", async () => {
    ns.sh(`cat <<'EOF' | nft -f -\n${NFTABLES_CONF}EOF`);
    await configure();
    const opened = () => ns.sh("nft list chain inet filter forward").includes('comment "lintas: ipsec');
    expect(opened()).toBe(true);
    ns.sh(`cat <<'EOF' | nft -f -\ndelete table inet filter\n${NFTABLES_CONF}EOF`);
    expect(opened()).toBe(false);
    await waitFor(opened, 2000, () => watch!.log);
    await settled();
    const repairs = lintas.audit("config.repair");
    expect(repairs).toHaveLength(1);
    expect(repairs[0]!.detail.repair).toMatchObject({
      cause: { trigger: "ruleset", by: [{ process: "nft" }] },
      found: [{ part: { key: "repair.hostOpenings" }, missing: expect.arrayContaining([expect.stringMatching(/^nft insert rule inet filter forward .* comment "lintas: ipsec"$/)]) }],
    });
    expect(watch!.log).toMatch(/the ruleset changed by process \d+ \(nft\); restored in Lintas's openings in the host firewall: nft insert rule/);
  });

  it("Docker's DOCKER-USER chain flushed: the openings are back, and the next look finds nothing to do", async () => {
    ns.sh("iptables -P FORWARD DROP && iptables -N DOCKER-USER && iptables -A DOCKER-USER -j RETURN && iptables -I FORWARD -j DOCKER-USER");
    await configure();
    const opened = () => ns.sh("iptables -S DOCKER-USER").includes("lintas: ipsec");
    expect(opened()).toBe(true);
    ns.sh("iptables -F DOCKER-USER && iptables -A DOCKER-USER -j RETURN");
    await waitFor(opened, 2000, () => watch!.log);
    await settled();
    expect(lintas.audit("config.repair")).toHaveLength(1);
    expect(watch!.log).not.toMatch(/still not in place|backing off/);
  });
});
