// The watcher's and uninstall's view of the host firewall, against the real kernel in a throwaway namespace with
// a strict nftables.conf-style table: a removed opening is a finding; a re-apply puts it back; the remover takes
// every opening out.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNetns, rootFirewall, type TestNetns } from "../../lab/testing/netns";

const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-host-"));
process.env.LINTAS_DATA_DIR = dataDir;
process.env.LINTAS_ROOT = path.join(import.meta.dirname, "..", "..");
const { applyStored, checkHostOpenings, hostOpeningsFinding, hostOpeningsRemover, setNetwork, setPassthrough } = await import("./index");
const { environment } = await import("./environment");
const { loadConfig } = await import("../settings");

let ns: TestNetns;
let rootBefore: string;
beforeAll(async () => {
  rootBefore = rootFirewall();
  ns = createNetns("host", { lan: ["br-lan"], wan: "wan0" });
  ns.sh("nft add table inet filter && nft add chain inet filter forward '{ type filter hook forward priority filter; policy drop; }'");
  await setNetwork({ lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true }, { runner: ns.runner });
});
afterAll(() => {
  ns.remove();
  rmSync(dataDir, { recursive: true, force: true });
  expect(rootFirewall()).toBe(rootBefore);
});

const options = () => ({ runner: ns.runner });
const finding = async () => {
  const { network, passthrough } = loadConfig();
  return hostOpeningsFinding(await environment(options()), { network: network!, passthrough });
};

describe("the host firewall for the watcher and uninstall", () => {
  it("holds after an apply; an opening deleted by someone else is a finding that names it, and a re-apply puts it back", async () => {
    const report = await setPassthrough({ l2tp: { enabled: true } }, options());
    expect(report.openings.added).toHaveLength(2); // LAN->WAN and the replies: the table accepts no established flows
    expect(await checkHostOpenings(options())).toMatchObject({ holds: true, blocked: [] });
    expect(await finding()).toBeUndefined();

    const handle = /udp dport 1701 accept comment "lintas: l2tp" # handle (\d+)/.exec(ns.sh("nft -a list chain inet filter forward"))![1];
    ns.sh(`nft delete rule inet filter forward handle ${handle}`);
    expect(await finding()).toEqual({
      part: { key: "repair.hostOpenings" },
      absent: false,
      missing: ['nft insert rule inet filter forward iifname "br-lan" oifname "wan0" udp dport 1701 accept comment "lintas: l2tp"'],
      extra: [],
    });
    const repaired = await applyStored(options());
    expect(repaired.openings).toEqual({ added: ['nft insert rule inet filter forward iifname "br-lan" oifname "wan0" udp dport 1701 accept comment "lintas: l2tp"'], removed: [] });
    expect(repaired.cut).toEqual([]);
    expect(await finding()).toBeUndefined();
  });

  it("uninstall's remover takes every opening out and says it found some", async () => {
    expect(await hostOpeningsRemover.remove(ns.runner)).toBe(true);
    expect(ns.sh("nft list ruleset")).not.toContain("lintas: ");
    expect(await hostOpeningsRemover.remove(ns.runner)).toBe(false);
  });
});
