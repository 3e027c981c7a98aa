// The watcher's check, purely: whether a re-apply would change the host firewall, and what the host blocks.
import { describe, expect, it } from "vitest";
import { configSchema, type HostFirewallMode } from "../config";
import { openingText } from "./openings";
import { checkHost } from "./plan";
import { hostInput, loadFixture } from "./test-support";

const input = (hostFirewall: HostFirewallMode) =>
  hostInput(
    configSchema.parse({
      network: { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true, hostFirewall },
      passthrough: { l2tp: { enabled: true } },
    }),
    ["ipv4"],
  );

describe("checkHost", () => {
  it("open mode, openings missing: does not hold, names what a re-apply would add and what the host blocks now", () => {
    const check = checkHost(loadFixture("nftables-conf"), input("open"));
    expect(check.holds).toBe(false);
    expect(check.missing.map(openingText)).toEqual(['nft insert rule inet filter forward iifname "br-lan" oifname "wan0" udp dport 1701 accept comment "lintas: l2tp"']);
    expect(check.blocked).toEqual(["l2tp"]);
  });

  it("report mode: holds (a re-apply would change nothing), while the host still blocks", () => {
    const check = checkHost(loadFixture("nftables-conf"), input("report"));
    expect(check).toMatchObject({ holds: true, missing: [], leftover: [], blocked: ["l2tp"] });
  });

  it("a host that passes the traffic needs nothing", () => {
    expect(checkHost(loadFixture("fw4"), input("open"))).toMatchObject({ holds: true, missing: [], blocked: [] });
  });
});
