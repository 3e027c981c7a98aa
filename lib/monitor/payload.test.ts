// What GET /monitor/data answers: every field a string the page lays out, in the reader's language.
import { describe, expect, it } from "vitest";
import { translator } from "../i18n";
import { agoText, byteText, clockText, monitorPayload } from "./payload";
import type { MonitorView } from "./view";

const at = 1_764_200_000_000;
const view: MonitorView = {
  at,
  flows: [
    {
      protocol: "pptp", flow: "gre", client: "192.168.1.20", server: "198.51.100.7", detail: "key 0x7 -> 0x4000", replyTo: "203.0.113.1",
      replied: true, timeout: 590, id: 42, device: "laptop",
      counters: { original: { packets: 12, bytes: 1500 }, reply: { packets: 10, bytes: 120_000 } }, startedAt: at - 205_000,
    },
  ],
  others: [{ vpn: "wireguard", title: "WireGuard", client: "192.168.1.21", server: "198.51.100.9", detail: "40000 -> 51820", replyTo: "192.168.1.21", replied: true, timeout: 100 }],
  accounting: { bytes: true, age: false },
  attempts: [{ protocol: "pptp", client: "192.168.1.22", server: "198.51.100.7", count: 12, lastSeconds: 130, protocolOn: false }],
  advice: [{ key: "monitor.advice.pptp" }],
};

describe("the monitor's JSON", () => {
  it("has each flow as words: device with its address, traffic both ways, NAT, no age when not recorded", () => {
    const payload = monitorPayload(view, translator("en"));
    expect(payload.flows).toEqual([
      {
        key: "PPTP gre 42", vpn: "PPTP gre", device: "laptop (192.168.1.20)", server: "198.51.100.7", detail: "key 0x7 -> 0x4000",
        sent: "1.5 kB · 12", received: "120 kB · 10", age: "0:03:25", nat: "NAT to 203.0.113.1",
      },
    ]);
    expect(payload.others[0]).toMatchObject({ vpn: "WireGuard", device: "192.168.1.21", sent: "—", age: "—", nat: "routed" });
    expect(payload.notes).toEqual([translator("en")("monitor.ageUnknown")]);
    expect(payload.advice).toEqual(["PPTP is in use, and PPTP is broken: move to IKEv2, WireGuard or OpenVPN."]);
  });

  it("says who tried what, how often and when, with what 'allow this device' adds", () => {
    expect(monitorPayload(view, translator("en")).attempts).toEqual([
      {
        key: "pptp 192.168.1.22 198.51.100.7",
        text: "192.168.1.22 tried PPTP to 198.51.100.7 12 times while PPTP was off; last 2 min ago",
        protocol: "pptp", device: "192.168.1.22", server: "198.51.100.7",
      },
    ]);
    expect(monitorPayload(view, translator("id")).attempts![0]!.text).toBe("192.168.1.22 mencoba PPTP ke 198.51.100.7 sebanyak 12 kali saat PPTP mati; terakhir 2 menit lalu");
  });

  it("where attempts are not counted (iptables without ipset), says so and why instead of 'nobody tried'", () => {
    const { attempts: _counted, ...uncounted } = view;
    const payload = monitorPayload({ ...uncounted, attemptsUnavailable: "ipset is not installed (Debian package ipset)" }, translator("en"));
    expect(payload.attempts).toBeNull();
    expect(payload.attemptsNote).toBe("Blocked attempts are not counted on this router: ipset is not installed (Debian package ipset).");
  });

  it("writes sizes, clocks and 'ago' compactly", () => {
    expect([byteText(0), byteText(999), byteText(1000), byteText(15_300_000)]).toEqual(["0 B", "999 B", "1.0 kB", "15 MB"]);
    expect(clockText(3 * 3600 + 5)).toBe("3:00:05");
    const t = translator("en");
    expect([agoText(5, t), agoText(600, t), agoText(7300, t)]).toEqual(["5 s ago", "10 min ago", "2 h ago"]);
  });
});
