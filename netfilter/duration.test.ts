import { describe, expect, it } from "vitest";
import { durationSchema, expirySecondsSchema } from "./duration";

const refusal = (text: string) => {
  const parsed = durationSchema.safeParse(text);
  return parsed.success ? undefined : parsed.error.issues[0]!.message;
};

describe("durations", () => {
  it("takes seconds, minutes, hours and days", () => {
    expect(["30s", "15m", "8h", "2d", "365d"].map((text) => durationSchema.parse(text))).toEqual([30, 900, 28_800, 172_800, 31_536_000]);
  });

  it("refuses what is not a duration, naming it and what is accepted", () => {
    for (const text of ["8x", "-1h", "1.5h", "h", "8", "8 h x", ""]) expect(refusal(text)).toMatch(/is not a duration: give a whole number and s, m, h or d/);
    expect(refusal("8x")).toContain('"8x"');
  });

  it("refuses 0 and more than 365 days", () => {
    expect(refusal("0s")).toBe("a duration must be more than 0");
    expect(refusal("366d")).toMatch(/at most 365 days/);
    expect(refusal("8761h")).toMatch(/at most 365 days/);
  });

  it("the seconds a change carries obey the same bounds", () => {
    expect(expirySecondsSchema.safeParse(0).success).toBe(false);
    expect(expirySecondsSchema.safeParse(1.5).success).toBe(false);
    expect(expirySecondsSchema.safeParse(3600).success).toBe(true);
  });
});
