// LAN devices from dnsmasq's lease file and the neighbour table, as a scope's names and MACs resolve to them.
import { describe, expect, it } from "vitest";
import { deviceAddresses, lanDevices, parseLeases, parseNeighbours } from "./devices";

const LEASES = `1764370000 02:00:5e:10:00:01 192.168.1.50 laptop 01:02:00:5e:10:00:01
1764370000 02:00:5e:10:00:02 192.168.1.51 * *
duid 00:01:00:01:2c:5f:aa:bb:02:00:5e:10:00:01
1764370000 1234567 2001:db8:1::50 laptop 00:01:00:01:2c:5f:aa:bb:02:00:5e:10:00:01
garbage
`;
const NEIGHBOURS = JSON.stringify([
  { dst: "192.168.1.50", dev: "br-lan", lladdr: "02:00:5E:10:00:01", state: ["REACHABLE"] },
  { dst: "2001:db8:1::a", dev: "br-lan", lladdr: "02:00:5e:10:00:01", state: ["STALE"] },
  { dst: "fe80::1", dev: "br-lan", lladdr: "02:00:5e:10:00:01", state: ["STALE"] },
  { dst: "192.168.1.60", dev: "br-lan", state: ["FAILED"] },
  { dst: "203.0.113.2", dev: "wan0", lladdr: "02:00:5e:10:00:09", state: ["REACHABLE"] },
]);

describe("LAN devices", () => {
  it("reads dnsmasq leases (IPv4 with a MAC, DHCPv6 with an IAID) and the neighbour table's usable entries", () => {
    expect(parseLeases(LEASES)).toEqual([
      { address: "192.168.1.50", mac: "02:00:5e:10:00:01", hostname: "laptop" },
      { address: "192.168.1.51", mac: "02:00:5e:10:00:02" },
      { address: "2001:db8:1::50", hostname: "laptop" },
    ]);
    // Link-local addresses never cross the router; an entry without a link-layer address is no device.
    expect(parseNeighbours(NEIGHBOURS).map((n) => n.address)).toEqual(["192.168.1.50", "2001:db8:1::a", "203.0.113.2"]);
  });

  it("joins them by MAC on the LAN interfaces: a name or a MAC stands for every address the device uses now", () => {
    const devices = lanDevices(parseLeases(LEASES), parseNeighbours(NEIGHBOURS), ["br-lan"]);
    expect(deviceAddresses(devices, "laptop")).toEqual(["192.168.1.50", "2001:db8:1::a", "2001:db8:1::50"]);
    expect(deviceAddresses(devices, "02:00:5e:10:00:02")).toEqual(["192.168.1.51"]);
    expect(deviceAddresses(devices, "02:00:5e:10:00:09")).toEqual([]); // on the WAN side
    expect(deviceAddresses(devices, "phone")).toEqual([]);
  });
});
