// A trace's outcome in one sentence, from real captured traces: what the Test button says. No root needed.
import { describe, expect, it } from "vitest";
import { capturedTrace } from "../../lab/testing/trace-captures";
import { translator } from "../i18n";
import { traceVerdict } from "./verdict";

const en = translator("en");
const id = translator("id");
const say = (packets: ReturnType<typeof capturedTrace>, t = en) => {
  const verdict = traceVerdict({ protocol: "ipsec", seconds: 5, packets });
  return t(verdict.key, verdict.params);
};

describe("a trace's outcome in words", () => {
  it("out and back: it gets through", () => {
    expect(say(capturedTrace("ike-pass"))).toBe("IPsec gets through this router: 2 packets passed, out to the server and back.");
    expect(say(capturedTrace("ike-pass"), id)).toBe("IPsec bisa lewat router ini: 2 paket lolos, keluar ke server dan kembali.");
  });

  it("a reply dropped on the way back: how many were stopped, and where the first died, with nft's own rule text", () => {
    expect(say(capturedTrace("ike-reply-drop"))).toBe("IPsec does not get through: 8 of 16 packets were stopped, the first dropped by table inet filter chain forward, policy drop.");
    expect(say(capturedTrace("ike-lintas-off"))).toContain('the first dropped by table inet lintas chain forward, rule: iifname "br-lan" oifname "wan0" udp dport 500 drop');
  });

  it("nothing back from the server, and nothing at all, are said as such, not as a verdict on the router", () => {
    const outOnly = capturedTrace("ike-pass").filter((packet) => packet.direction === "out");
    expect(say(outOnly)).toBe("IPsec packets leave on the WAN, but none came back in 5 s: the VPN server did not answer, or something beyond this router drops its replies.");
    expect(say([])).toBe("No IPsec packet crossed the router in 5 s. Start the VPN client on a LAN device while the test runs.");
  });
});
