// Scopes as data: what an entry may be, its canonical text, what is refused and why; addresses as numbers and
// ranges merged into the fewest set elements (the kernel's own listing is checked in kernel.test.ts).
import { describe, expect, it } from "vitest";
import { passthroughChangesSchema, passthroughSchema } from "./config";
import { formatIp, mergeRanges, parseIp, parseNetwork, parseRangeText, rangeBlocks, rangeText } from "./ip";
import { ipsetElements } from "./ipset";
import { namesIn, scopeElements, scopeSchema } from "./scope";

const issues = (input: unknown) => {
  const parsed = scopeSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join("."), i.message]);
};

describe("scope entries", () => {
  it("keeps addresses, CIDR blocks, MACs and names in one canonical form", () => {
    const scope = scopeSchema.parse({
      lan: ["192.168.1.23", " 2001:DB8:0:0::10 ", "10.0.0.0/8", "Laptop", "02-00-5E-10-00-01", "::ffff:192.0.2.1"],
      servers: ["198.51.100.0/24", "VPN.Example.NET", "2001:db8::/32"],
    });
    expect(scope).toEqual({
      lan: ["192.168.1.23", "2001:db8::10", "10.0.0.0/8", "laptop", "02:00:5e:10:00:01", "::ffff:192.0.2.1"],
      servers: ["198.51.100.0/24", "vpn.example.net", "2001:db8::/32"],
    });
    expect(namesIn(scope.lan, "lan")).toEqual(["laptop", "02:00:5e:10:00:01"]);
    expect(namesIn(scope.servers, "servers")).toEqual(["vpn.example.net"]);
  });

  it("says which entry is wrong and why, for each list", () => {
    expect(issues({ lan: ["192.168.1.300", "laptop", "198.51.100.7/24", "10.0.0.1/33", "a b"] })).toEqual([
      ["lan.0", "lanEntry"],
      ["lan.2", "hostBits"],
      ["lan.3", "lanEntry"],
      ["lan.4", "lanEntry"],
    ]);
    // A MAC names a LAN device, never a server; a list may not name one thing twice, however written.
    expect(issues({ servers: ["02:00:5e:10:00:01", "198.51.100.7", "-bad.example"] })).toEqual([
      ["servers.0", "serverEntry"],
      ["servers.2", "serverEntry"],
    ]);
    expect(issues({ servers: ["198.51.100.7", "vpn.example.net", "198.51.100.7/32", "VPN.example.net"] })).toEqual([
      ["servers.2", "twice"],
      ["servers.3", "twice"],
    ]);
    expect(issues({ lan: Array.from({ length: 65_537 }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`) })).toEqual([["lan", "tooMany"]]);
    expect(issues({ lan: [], everyone: true })).toEqual([["", 'Unrecognized key: "everyone"']]);
  });

  it("is part of each protocol's switch, absent (everyone, everywhere) in configs stored before it", () => {
    expect(passthroughSchema.parse({ pptp: { enabled: true } }).pptp).toEqual({ enabled: true });
    expect(passthroughChangesSchema.parse({ pptp: { scope: { lan: ["laptop"] } } })).toEqual({ pptp: { scope: { lan: ["laptop"] } } });
  });
});

describe("addresses", () => {
  it("reads and writes them as nft and ipset list them", () => {
    for (const text of ["0.0.0.0", "255.255.255.255", "2001:db8::1", "::", "::1", "2001:db8:0:1:1:1:1:1", "2001:0:0:1::1", "::ffff:1.2.3.4", "fe80::1:0:0:1"]) {
      const address = parseIp(text)!;
      expect(formatIp(address.family, address.value)).toBe(text);
    }
    expect(formatIp("ipv6", parseIp("2001:DB8:0:0:0:0:0:1")!.value)).toBe("2001:db8::1");
    for (const bad of ["1.2.3", "1.2.3.4.5", "01.2.3.4", "256.1.1.1", "1:2:3:4:5:6:7:8:9", "1::2::3", "1:2:3:4:5:6:7::8", "fe80::1%eth0", "1.2.3.4/"]) {
      expect(parseNetwork(bad)).toBeUndefined();
    }
  });

  it("merges ranges into the fewest elements: addresses, CIDR blocks, first-last ranges", () => {
    const ranges = ["10.0.0.0/25", "10.0.0.128/25", "10.0.1.5", "10.0.1.6", "10.0.1.4/31", "10.0.2.0/24", "10.0.2.9"].map((t) => parseNetwork(t)!);
    expect(mergeRanges(ranges).map(rangeText)).toEqual(["10.0.0.0/24", "10.0.1.4-10.0.1.6", "10.0.2.0/24"]);
    expect(parseRangeText("10.0.1.4-10.0.1.6")).toEqual({ family: "ipv4", first: parseIp("10.0.1.4")!.value, last: parseIp("10.0.1.6")!.value });
    expect(parseRangeText("10.0.1.6-10.0.1.4")).toBeUndefined();
  });

  it("cuts ranges into CIDR blocks for ipset's hash:net, which has no ranges and no /0", () => {
    expect(rangeBlocks(parseRangeText("10.0.1.4-10.0.1.9")!).map(rangeText)).toEqual(["10.0.1.4/30", "10.0.1.8/31"]);
    expect(ipsetElements({ name: "x", family: "ipv4", elements: ["0.0.0.0/0"] })).toEqual(["0.0.0.0/1", "128.0.0.0/1"]);
    expect(ipsetElements({ name: "x", family: "ipv6", elements: ["2001:db8::1-2001:db8::3"] })).toEqual(["2001:db8::1", "2001:db8::2/127"]);
  });

  it("puts each name's resolved addresses in its family's set; a name resolved to nothing adds nothing", () => {
    const names = { devices: { laptop: ["192.168.1.50", "2001:db8::50"] }, hosts: {} };
    expect(scopeElements(["laptop", "phone", "192.168.1.49"], "lan", names)).toEqual({ ipv4: ["192.168.1.49-192.168.1.50"], ipv6: ["2001:db8::50"] });
  });
});
