import { describe, expect, it } from "vitest";
import { passthroughSchema } from "../netfilter/config";
import { describeAuditEvent } from "./audit-text";
import { expiryChangeTexts, expiryNotes, spanText } from "./expiry-text";
import { translator } from "./i18n";

const en = translator("en");
const id = translator("id");
const T0 = Date.parse("2026-11-27T10:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();
const utc = (at: Date) => at.toISOString().slice(11, 16);

describe("expiry in words", () => {
  it("a span: its largest unit and the next one when it is not 0", () => {
    const minutes = (m: number) => m * 60_000;
    expect([minutes(8 * 60), minutes(7 * 60 + 12), minutes(3 * 1440 + 60), 45_000, 1, 0].map((ms) => spanText(ms, en))).toEqual([
      "8 h",
      "7 h 12 min",
      "3 d 1 h",
      "45 s",
      "1 s",
      "0 s",
    ]);
    expect(spanText(minutes(7 * 60 + 12), id)).toBe("7 jam 12 menit");
  });

  it("the status notes: the time left of each deadline, and a switch open longer than the reminder", () => {
    const passthrough = passthroughSchema.parse({
      pptp: { enabled: true, onSince: iso(T0 - 41 * 86_400_000) },
      l2tp: { enabled: true, onSince: iso(T0), expiry: { at: iso(T0 + (7 * 60 + 12) * 60_000), seconds: 28_800 } },
    });
    expect(expiryNotes(passthrough, T0, 30, en, utc)).toEqual(["PPTP has been open for 41 days: still needed?", "L2TP turns off in 7 h 12 min, at 17:12"]);
    expect(expiryNotes(passthrough, T0, 45, id, utc)).toEqual(["L2TP mati dalam 7 jam 12 menit, pukul 17:12"]);
    // Past the deadline, before a watcher has looked: what turns it off, not "0 s" left.
    const later = T0 + (7 * 60 + 13) * 60_000;
    expect(expiryNotes(passthrough, later, 45, en, utc)).toEqual(["L2TP's time was up at 17:12: `lintas watch` or `lintas serve` turns it off at its next look, `lintas apply` at once"]);
  });

  it("the audit: a switch turned off at its deadline, and the deadlines a change set or cleared", () => {
    const row = { action: "config.expire", ok: true, detail: { expired: [{ protocol: "pptp", seconds: 28_800 }], cut: ["pptp"] } };
    expect(describeAuditEvent(row, en)).toBe("PPTP turned off: its 8 h were up. Open connections cut: PPTP");
    const off = passthroughSchema.parse({ pptp: { enabled: false } });
    const timed = passthroughSchema.parse({ pptp: { enabled: true, onSince: iso(T0), expiry: { at: iso(T0 + 3_600_000), seconds: 3600 } } });
    const untimed = passthroughSchema.parse({ pptp: { enabled: true, onSince: iso(T0) } });
    expect(expiryChangeTexts(off, timed, en)).toEqual(["PPTP on until 2026-11-27 11:00 UTC"]);
    expect(expiryChangeTexts(timed, untimed, en)).toEqual(["PPTP on until turned off"]);
    expect(expiryChangeTexts(off, untimed, en)).toEqual([]);
    expect(expiryChangeTexts(timed, off, en)).toEqual([]);
  });
});
