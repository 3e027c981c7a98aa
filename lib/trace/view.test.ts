// A traced packet in words (what `lintas trace` prints and the Diagnose table shows), from real captured traces;
// and the trace request's checks. No root needed.
import { describe, expect, it } from "vitest";
import { capturedTrace } from "../../lab/testing/trace-captures";
import { InputError } from "../errors";
import { translator } from "../i18n";
import { parseTraceRequest } from "./run";
import { packetView } from "./view";

const en = translator("en");
const id = translator("id");

describe("a packet's path in words", () => {
  it("Docker's FORWARD DROP: every hop with nft's own words, the end in the reader's language", () => {
    const [dropped] = capturedTrace("ike-docker-drop");
    const view = packetView(dropped!, en);
    expect(view).toMatchObject({
      seq: 1,
      direction: "LAN → WAN",
      flow: "UDP 192.168.50.10:500 → 203.0.113.2:500",
      nat: [],
      end: "dropped by table ip filter chain FORWARD, policy drop",
      outcome: "dropped",
    });
    expect(view.hops).toEqual([
      { table: "inet lintas", chain: "prerouting", verdict: "policy accept" },
      { table: "ip filter", chain: "FORWARD", verdict: "jump DOCKER-USER", rule: "counter packets 0 bytes 0 jump DOCKER-USER" },
      { table: "ip filter", chain: "DOCKER-USER", verdict: "return", rule: "counter packets 0 bytes 0 return" },
      { table: "ip filter", chain: "FORWARD", verdict: "policy drop" },
    ]);
    expect(packetView(dropped!, id).end).toBe("dibuang oleh tabel ip filter chain FORWARD (kebijakan bawaan: buang)");
  });

  it("a reject, a rule nft knew only by handle, a regular chain's end", () => {
    expect(packetView(capturedTrace("ike-host-reject")[0]!, en).end).toBe(
      'rejected by table inet hostfw chain forward, rule: iifname "br-lan" oifname "wan0" meta l4proto udp reject with icmpx admin-prohibited',
    );
    const unknown = packetView(capturedTrace("unknown-rules")[0]!, en);
    expect(unknown.end).toBe("dropped by table inet hostx chain hfwd, rule: handle 4 (no longer in the ruleset)");
    expect(unknown.hops.find((h) => h.chain === "sub")!.verdict).toBe("end of chain, back to the caller");
  });

  it("through NAT: out on the WAN with its source NAT, the reply onto the LAN with its destination NAT", () => {
    const [out, reply] = capturedTrace("ike-pass").map((packet) => packetView(packet, en));
    expect(out).toMatchObject({ end: "left on the WAN (wan0)", nat: ["source NAT 192.168.50.10:500 → 203.0.113.1:500"], outcome: "passed" });
    expect(reply).toMatchObject({
      direction: "WAN → LAN",
      flow: "UDP 203.0.113.2:500 → 203.0.113.1:500",
      end: "reached the LAN (br-lan)",
      nat: ["destination NAT 203.0.113.1:500 → 192.168.50.10:500"],
    });
    const [v6] = capturedTrace("ike6-pass").map((packet) => packetView(packet, id));
    expect(v6).toMatchObject({ flow: "UDP [2001:db8:50::10]:500 → [2001:db8:113::2]:500", nat: [], end: "keluar ke WAN (wan0)" });
  });

  it("packets that took the same path share a key", () => {
    const keys = new Set(capturedTrace("ike-nft-policy-drop").map((packet) => packetView(packet, en).key));
    expect(keys.size).toBe(1);
  });
});

describe("trace request", () => {
  it("takes a protocol of the catalogue, seconds from 1 to 60 (default 10) and an optional LAN address", () => {
    expect(parseTraceRequest({ protocol: "pptp" })).toEqual({ protocol: "pptp", seconds: 10, from: undefined });
    expect(parseTraceRequest({ protocol: "l2tp", seconds: "60", from: "2001:db8:50::10" })).toEqual({ protocol: "l2tp", seconds: 60, from: "2001:db8:50::10" });
    const refusal = (request: Parameters<typeof parseTraceRequest>[0]) => {
      try {
        parseTraceRequest(request);
      } catch (error) {
        return [(error as InputError).field, (error as InputError).message];
      }
    };
    expect(refusal({ protocol: "sstp" })).toEqual(["protocol", 'unknown protocol "sstp": accepted values are pptp, ipsec, l2tp']);
    expect(refusal({ protocol: "ipsec", seconds: 0 })).toEqual(["seconds", "--seconds 0 is not a whole number of seconds from 1 to 60"]);
    expect(refusal({ protocol: "ipsec", seconds: "-5" })).toEqual(["seconds", "--seconds -5 is not a whole number of seconds from 1 to 60"]);
    expect(refusal({ protocol: "ipsec", from: "lan1" })).toEqual(["from", "--from lan1 is not an IPv4 or IPv6 address"]);
  });
});
