import { describe, expect, it } from "vitest";
import { DEFAULT_PASSTHROUGH, type Passthrough } from "../../netfilter";
import { allowChanges } from "./allow-device";

const with_ = (pptp: Partial<Passthrough["pptp"]>): Passthrough => ({ ...DEFAULT_PASSTHROUGH, pptp: { ...DEFAULT_PASSTHROUGH.pptp, ...pptp } });

describe("allow this device", () => {
  it("turns an off protocol on for this device alone, not for everyone", () => {
    expect(allowChanges(with_({ enabled: false }), "pptp", { device: "phone", server: "198.51.100.7" })).toEqual({ pptp: { enabled: true, scope: { lan: ["phone"] } } });
  });

  it("adds the device to a LAN list, and the server to a server list that lacks it, keeping their entries", () => {
    const scoped = with_({ enabled: true, scope: { lan: ["laptop"], servers: ["203.0.113.0/24"] } });
    expect(allowChanges(scoped, "pptp", { device: "192.168.1.20", server: "198.51.100.7" })).toEqual({
      pptp: { scope: { lan: ["laptop", "192.168.1.20"], servers: ["203.0.113.0/24", "198.51.100.7"] } },
    });
  });

  it("leaves a LAN list open to everyone as it is when only the server was outside", () => {
    const scoped = with_({ enabled: true, scope: { lan: [], servers: ["203.0.113.9"] } });
    expect(allowChanges(scoped, "pptp", { device: "phone", server: "198.51.100.7" })).toEqual({ pptp: { scope: { servers: ["203.0.113.9", "198.51.100.7"] } } });
  });

  it("changes nothing for a device that passes already", () => {
    expect(allowChanges(with_({ enabled: true }), "pptp", { device: "phone", server: "198.51.100.7" })).toBeUndefined();
    expect(allowChanges(with_({ enabled: true, scope: { lan: ["aa:bb:cc:dd:ee:01"], servers: [] } }), "pptp", { device: "AA-BB-CC-DD-EE-01" })).toBeUndefined();
  });
});
