// Decoding real ctnetlink answers (netfilter/golden/ctnetlink-entries.txt, captured from the kernel) into the
// flows view's rows. No root needed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ProtocolId } from "./protocols";
import { address, decodeEntry } from "./conntrack-entry";
import { vpnFlow } from "./flows";

const captured = readFileSync(path.join(import.meta.dirname, "golden", "ctnetlink-entries.txt"), "utf8")
  .split("\n")
  .filter((line) => line && !line.startsWith("#"))
  .map((line) => {
    const [kind, hex] = line.split(" ") as [string, string];
    const [protocol, flow] = kind.split("/") as [ProtocolId, string];
    return { protocol, flow, entry: decodeEntry(Buffer.from(hex, "hex")) };
  });
const flows = captured.map((c) => vpnFlow(c.protocol, c.flow, c.entry));

describe("ctnetlink entries", () => {
  it("decode both tuples, the TCP state, the status bits and the helper", () => {
    const helped = captured.find((c) => c.entry.helper)!.entry;
    expect(helped).toEqual({
      family: "ipv4",
      l4protoNumber: 6,
      timeout: helped.timeout,
      state: "TIME_WAIT",
      original: { src: "127.0.0.1", dst: "127.0.0.1", sport: 40001, dport: 1723 },
      reply: { src: "127.0.0.1", dst: "127.0.0.1", sport: 1723, dport: 40001 },
      assured: true,
      replied: true,
      helper: "pptp",
      id: helped.id,
    });
    expect(helped.timeout).toBeGreaterThan(0);
    expect(helped.id).toBeGreaterThan(0);
  });

  it("decode the counters of both directions and the start time, when the kernel sends them (acct, timestamp on)", () => {
    const attr = (kind: number, payload: Buffer) => {
      const head = Buffer.alloc(4);
      head.writeUInt16LE(4 + payload.length, 0); // netlink headers: host order (x86 here)
      head.writeUInt16LE(kind, 2);
      return Buffer.concat([head, payload, Buffer.alloc(-(4 + payload.length) & 3)]);
    };
    const u64 = (n: bigint) => {
      const b = Buffer.alloc(8);
      b.writeBigUInt64BE(n);
      return b;
    };
    const plain = (kind: number, n: bigint) => attr(kind, u64(n));
    const message = Buffer.concat([
      Buffer.from(readFileSync(path.join(import.meta.dirname, "golden", "ctnetlink-entries.txt"), "utf8").split("\n").find((l) => l.startsWith("pptp/gre"))!.split(" ")[1]!, "hex"),
      attr(9, Buffer.concat([plain(1, 12n), plain(2, 1400n)])),
      attr(10, Buffer.concat([plain(1, 10n), plain(2, 5000n)])),
      attr(20, plain(1, 1_764_200_000_123_456_789n)),
    ]);
    const entry = decodeEntry(message);
    expect(entry.counters).toEqual({ original: { packets: 12, bytes: 1400 }, reply: { packets: 10, bytes: 5000 } });
    expect(entry.startedAt).toBe(1_764_200_000_123);
  });

  it("decode IPv6 addresses in their short form, and bare IP protocols without ports", () => {
    const v6 = captured.filter((c) => c.entry.family === "ipv6").map((c) => c.entry.original);
    expect(v6.sort((a, b) => a.src.localeCompare(b.src))).toEqual([
      { src: "2001:db8:50::10", dst: "2001:db8:113::2", sport: 500, dport: 500 },
      { src: "2001:db8:50::11", dst: "2001:db8:113::3", sport: 1701, dport: 1701 },
    ]);
    const esp = captured.find((c) => c.flow === "esp")!.entry;
    expect(esp).toMatchObject({ l4protoNumber: 50, original: { src: "192.168.50.12", dst: "203.0.113.2" }, replied: false });
    expect(esp.original.sport).toBeUndefined();
  });

  it("shorten IPv6 like inet_ntop: the longest zero run, the first on a tie, none for a single zero", () => {
    const v6 = (groups: number[]) => address(Buffer.from(groups.flatMap((g) => [g >> 8, g & 255])));
    expect(v6([0, 0, 0, 0, 0, 0, 0, 1])).toBe("::1");
    expect(v6([0, 0, 0, 0, 0, 0, 0, 0])).toBe("::");
    expect(v6([0x2001, 0xdb8, 0, 1, 0, 0, 0, 1])).toBe("2001:db8:0:1::1");
    expect(v6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])).toBe("2001:db8::1:0:0:1");
    expect(v6([0x2001, 0xdb8, 1, 2, 3, 4, 5, 0])).toBe("2001:db8:1:2:3:4:5:0");
    expect(v6([0xfe80, 0, 0, 0, 0, 0, 0, 0])).toBe("fe80::");
  });
});

describe("VPN flow rows", () => {
  it("show GRE keys, ports, the NAT return path and the helper", () => {
    const byClient = (a: { client: string }, b: { client: string }) => a.client.localeCompare(b.client);
    const gre = flows.filter((f) => f.flow === "gre").sort(byClient);
    expect(gre.map((f) => [f.client, f.detail])).toEqual([
      ["192.168.50.10", "key 0x7 -> 0x4000"],
      ["192.168.50.11", "key 0x7 -> 0x4001"],
    ]);
    // Two clients behind one NAT address with the same source port: the kernel gives the second another port.
    const control = flows.filter((f) => f.flow === "control" && f.client.startsWith("192.168.")).sort(byClient);
    expect(control.map((f) => [f.client, f.detail, f.replyTo, f.state, f.replied])).toEqual([
      ["192.168.50.10", "40000 -> 1723", "198.51.100.1", "ESTABLISHED", true],
      ["192.168.50.11", "40000 -> 1723", "198.51.100.1", "ESTABLISHED", true],
    ]);
    expect(flows.find((f) => f.helper)).toMatchObject({ protocol: "pptp", flow: "control", helper: "pptp", state: "TIME_WAIT" });
    expect(flows.find((f) => f.flow === "esp")).toMatchObject({ detail: "", replyTo: "192.168.50.12", replied: false });
  });
});
