import { describe, expect, it } from "vitest";
import { parseAttempts } from "./attempts";

// `nft -j list sets table inet lintas` as nft 1.0.6 prints it: a scope set, an attempt set with two pairs.
const listing = {
  nftables: [
    { metainfo: { version: "1.0.6" } },
    { set: { family: "inet", name: "pptp_lan_v4", table: "lintas", type: "ipv4_addr", flags: ["interval"], elem: ["192.168.1.23"] } },
    {
      set: {
        family: "inet", name: "pptp_blocked_v4", table: "lintas", type: ["ipv4_addr", "ipv4_addr"], size: 65535, flags: ["timeout"], timeout: 86400,
        elem: [
          { elem: { val: { concat: ["192.168.1.20", "198.51.100.7"] }, expires: 86280, counter: { packets: 12, bytes: 720 } } },
          { elem: { val: { concat: ["192.168.1.21", "198.51.100.7"] }, expires: 86390, counter: { packets: 1, bytes: 60 } } },
        ],
        stmt: [{ counter: null }],
      },
    },
    { set: { family: "inet", name: "ipsec_blocked_v6", table: "lintas", type: ["ipv6_addr", "ipv6_addr"], timeout: 86400, stmt: [{ counter: null }] } },
  ],
};

describe("blocked attempts", () => {
  it("reads each pair's count and how long ago its last attempt was, most recent first, other sets ignored", () => {
    expect(parseAttempts(listing)).toEqual([
      { protocol: "pptp", client: "192.168.1.21", server: "198.51.100.7", count: 1, lastSeconds: 10 },
      { protocol: "pptp", client: "192.168.1.20", server: "198.51.100.7", count: 12, lastSeconds: 120 },
    ]);
  });
});
