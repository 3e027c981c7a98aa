import { describe, expect, it } from "vitest";
import { passthroughSchema } from "./config";
import { daysOn, dueSwitches, nextDeadline, spanParts, switchedOff } from "./expiry";

const T0 = Date.parse("2026-11-27T10:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();
const passthrough = passthroughSchema.parse({
  pptp: { enabled: true, expiry: { at: iso(T0 + 3_600_000), seconds: 3600 }, onSince: iso(T0 - 41 * 86_400_000) },
  ipsec: { enabled: true, expiry: { at: iso(T0 + 60_000), seconds: 60 }, onSince: iso(T0) },
  l2tp: { enabled: false },
});

describe("deadlines", () => {
  it("the nearest deadline of a switch that is on", () => {
    expect(nextDeadline(passthrough)).toBe(T0 + 60_000);
    expect(nextDeadline(switchedOff(passthrough, ["ipsec"]))).toBe(T0 + 3_600_000);
    expect(nextDeadline(switchedOff(passthrough, ["ipsec", "pptp"]))).toBeUndefined();
  });

  it("a switch is due at its deadline, not a millisecond before", () => {
    expect(dueSwitches(passthrough, T0 + 59_999)).toEqual([]);
    expect(dueSwitches(passthrough, T0 + 60_000)).toEqual(["ipsec"]);
    expect(dueSwitches(passthrough, T0 + 86_400_000)).toEqual(["pptp", "ipsec"]);
  });

  it("switched off, a protocol loses its deadline and its on-since; its options and the others stay", () => {
    const off = switchedOff(passthrough, ["ipsec"]);
    expect(off.ipsec).toEqual({ enabled: false, natT: true, esp: true, ah: false });
    expect(off.pptp).toBe(passthrough.pptp);
    expect(passthrough.ipsec.enabled).toBe(true); // a copy
  });

  it("days on, and spans in whole units rounded up to the second", () => {
    expect(daysOn(passthrough, "pptp", T0)).toBe(41);
    expect(daysOn(passthrough, "l2tp", T0)).toBeUndefined();
    expect(spanParts((7 * 3600 + 12 * 60) * 1000)).toEqual({ days: 0, hours: 7, minutes: 12, seconds: 0 });
    expect(spanParts(1)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 1 });
    expect(spanParts(-5000)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 0 });
  });
});
