// Scopes proven by traffic through the lab router: a protocol limited to some LAN devices passes for them and is
// blocked (and counted) for the other LAN host; limited to servers, it is blocked towards a server outside the
// list; over routed IPv6 too; by name (the router's DHCP leases and neighbour table, its /etc/hosts) as by address.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { routerHost } from "../../lab/host-firewall/router-host";
import { waitFor, WatchProcess } from "../../lab/testing/lintas-process";
import { CHECKS, probe, type ProbeCheck } from "../../lab/probes";
import { LAN_DEVICE_NAMES, WAN_SERVER_NAME } from "../../lab/router-files";
import { ADDRESSES, ADDRESSES6 } from "../../lab/topology";
import { type TestLab, useTestLab } from "./support";

/** A check of lab/probes.ts sent by one LAN host only (0: lan1, the laptop; 1: lan2, the phone). */
const from = (id: string, client: number): ProbeCheck => ({ ...CHECKS.find((c) => c.id === id)!, id: `${id} from lan${client + 1}`, clients: [client] });
const [laptop] = LAN_DEVICE_NAMES;
/** Where the VPN server's name points after it "moves" (an address no lab host has). */
const MOVED_TO = "198.51.100.77";

/** Which of the checks passed, by id. */
async function passing(t: TestLab, checks: ProbeCheck[]): Promise<string[]> {
  return (await probe(t.lab, checks)).filter((row) => row.passed).map((row) => row.check.id);
}

/** The LAN hosts talk to the router over both families, as devices on a LAN do: its neighbour table knows them. */
function announceLanHosts(t: TestLab): void {
  t.routerSh(`for a in ${[...ADDRESSES.lanHosts, ...ADDRESSES6.lanHosts].join(" ")}; do ping -c1 -W1 $a >/dev/null; done`);
}

describe.each([["nftables"], ["iptables"]] as const)("scopes proven by traffic (%s backend)", (backend) => {
  let t: TestLab;
  useTestLab(backend === "nftables" ? "scope" : "scopeipt", { backend }, (lab) => {
    t = lab;
    announceLanHosts(t);
  });

  it("PPTP limited to the laptop by its DHCP name: the laptop passes, the phone is blocked and counted", async () => {
    t.set("pptp=on");
    t.lintas("passthrough", "scope", "pptp", "--allow-lan", laptop);
    expect(await passing(t, [from("pptp", 0), from("pptp", 1)])).toEqual(["pptp from lan1"]);
    const status = t.status();
    expect(status.kernel!.inSync).toBe(true);
    expect(status.applied!.names.devices[laptop]).toEqual(expect.arrayContaining([ADDRESSES.lanHosts[0], ADDRESSES6.lanHosts[0]]));
    // nftables counts what the scope dropped in its named counter; iptables in the drop rules' own counters.
    if (backend === "nftables") expect(status.outsideScope.pptp!.packets).toBeGreaterThan(0);
    // What the card says: PPTP passes (for its scope), on both backends, not "cannot tell".
    expect(status.traffic!.pptp.verdict).toBe("active");
  });

  it("PPTP limited to servers: blocked towards the WAN host while it is outside the list, passes once its host name is in", async () => {
    t.lintas("passthrough", "scope", "pptp", "--allow-lan", "", "--allow-server", "198.51.100.0/24,2001:db8:ffff::/48");
    expect(await passing(t, [from("pptp", 0), from("pptp", 1)])).toEqual([]);
    t.lintas("passthrough", "scope", "pptp", "--allow-server", WAN_SERVER_NAME);
    expect(await passing(t, [from("pptp", 0), from("pptp", 1)])).toEqual(["pptp from lan1", "pptp from lan2"]);
    expect(t.status().kernel!.inSync).toBe(true);
  });

  it("IPv6 too: IKE from the laptop passes over routed IPv6 and IPv4, from the phone it is blocked over both", async () => {
    t.set("pptp=off", "ipsec=on");
    t.lintas("passthrough", "scope", "ipsec", "--allow-lan", laptop);
    expect(await passing(t, [from("ike", 0), from("ike", 1), from("ike6", 0), from("ike6", 1)])).toEqual(["ike from lan1", "ike6 from lan1"]);
  });

  it("IPv6 too: a server outside the list is blocked, the server by its IPv6 address passes", async () => {
    t.lintas("passthrough", "scope", "ipsec", "--allow-lan", "", "--allow-server", ADDRESSES.wanHost);
    // Only the WAN host's IPv4 address is listed: over IPv6 it is a server outside the list.
    expect(await passing(t, [from("ike", 0), from("ike6", 0)])).toEqual(["ike from lan1"]);
    t.lintas("passthrough", "scope", "ipsec", "--allow-server", `${ADDRESSES.wanHost},${ADDRESSES6.wanHost}`);
    expect(await passing(t, [from("ike", 0), from("ike6", 0), from("ike6", 1)])).toEqual(["ike from lan1", "ike6 from lan1", "ike6 from lan2"]);
    expect(t.status().kernel!.inSync).toBe(true);
  });

  it("a server's host name that moves: lintas watch resolves it again and the kernel follows it, traffic too", async () => {
    t.set("pptp=on");
    t.lintas("passthrough", "scope", "pptp", "--allow-lan", "", "--allow-server", WAN_SERVER_NAME);
    expect(await passing(t, [from("pptp", 0)])).toEqual(["pptp from lan1"]);
    const hosts = path.join(routerHost(t.lab).etc, "hosts");
    const original = readFileSync(hosts, "utf8");
    writeFileSync(hosts, `127.0.0.1 localhost\n${MOVED_TO} ${WAN_SERVER_NAME}\n`);
    try {
      const watch = new WatchProcess(t.startLintas("watch"));
      await waitFor(() => watch.log.includes(`${WAN_SERVER_NAME} now resolves to ${MOVED_TO}`), 10_000, () => watch.log);
      const status = t.status();
      expect(status.applied!.names.hosts[WAN_SERVER_NAME]).toEqual([MOVED_TO]);
      expect(status.kernel!.inSync).toBe(true);
      expect(await passing(t, [from("pptp", 0)])).toEqual([]); // the WAN host is no longer the named server
      await watch.stop();
    } finally {
      writeFileSync(hosts, original);
    }
    t.lintas("passthrough", "scope", "pptp", "--clear");
    t.set("pptp=off");
  });

  it("--clear lets everyone through to everywhere again", async () => {
    t.lintas("passthrough", "scope", "ipsec", "--clear");
    expect(await passing(t, [from("ike", 1), from("ike6", 1)])).toEqual(["ike from lan2", "ike6 from lan2"]);
    t.set("ipsec=off");
  });
});
