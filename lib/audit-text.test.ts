// Audit rows as sentences: what the rows store (action names, English reasons, flags) never reaches the reader.
import { describe, expect, it } from "vitest";
import { describeAuditEvent, type AuditRow } from "./audit-text";
import { translator } from "./i18n";
import { englishWords } from "./i18n/english";

const en = translator("en");
const id = translator("id");
const network = { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true };
const passthrough = { pptp: { enabled: true }, ipsec: { enabled: true, natT: true, esp: true, ah: false }, l2tp: { enabled: false } };

// One row of every action the code writes, with the detail it writes.
const ROWS: AuditRow[] = [
  { action: "login.ok", ok: true, detail: { secondFactor: true } },
  { action: "login.ok", ok: true, detail: { secondFactor: false } },
  { action: "login.failed", ok: false, detail: { reason: "wrong password" } },
  { action: "login.failed", ok: false, detail: { reason: "second-factor code already used" } },
  { action: "login.throttled", ok: false, detail: { waitSeconds: 4 } },
  { action: "login.throttled", ok: false, detail: { waitSeconds: 2, during: "totp.disable" } },
  { action: "login.locked", ok: false, detail: { minutes: 15 } },
  { action: "logout", ok: true, detail: {} },
  { action: "admin.password-change", ok: true, detail: { sessionsRevoked: 2 } },
  { action: "admin.password-change", ok: false, detail: { reason: "wrong password" } },
  { action: "admin.password-set", ok: true, detail: { username: "admin", sessionsRevoked: 1 } },
  { action: "admin.created", ok: true, detail: { username: "admin" } },
  { action: "setup.admin-created", ok: true, detail: { username: "admin" } },
  { action: "setup.failed", ok: false, detail: { reason: "bad setup code" } },
  { action: "totp.enrol-begin", ok: true, detail: { replacing: false } },
  { action: "totp.enrol-begin", ok: false, detail: { reason: "wrong second-factor code" } },
  { action: "totp.enable", ok: true, detail: { replaced: true } },
  { action: "totp.enable", ok: false, detail: { reason: "no enrolment begun" } },
  { action: "totp.enrol-abort", ok: true, detail: {} },
  { action: "totp.disable", ok: true, detail: {} },
  { action: "totp.reset", ok: true, detail: { username: "admin", sessionsRevoked: 1 } },
  { action: "session.revoke", ok: true, detail: {} },
  { action: "session.revoke-all", ok: true, detail: { sessions: 3 } },
  { action: "session.ended-reauth", ok: false, detail: { wrongAnswers: 5 } },
  {
    action: "config.change",
    ok: true,
    detail: { before: { network, passthrough }, after: { network, passthrough: { ...passthrough, pptp: { enabled: false }, ipsec: { ...passthrough.ipsec, esp: false } } }, cut: ["pptp"] },
  },
  { action: "config.reapply", ok: true, detail: { before: null, after: { network, passthrough } } },
  { action: "config.recover", ok: true, detail: { outcome: "committed", reason: "an apply was interrupted before it was committed" } },
  { action: "rules.removed", ok: true, detail: { removed: ["table inet lintas"] } },
  { action: "trace", ok: true, detail: { protocol: "ipsec", seconds: 30, from: "192.168.50.10" } },
  {
    action: "config.repair",
    ok: true,
    detail: { before: { network, passthrough }, after: { network, passthrough }, repair: { cause: { trigger: "names", moved: [{ name: "hp-budi", addresses: ["192.168.50.23"] }] }, found: [] }, cut: [] },
  },
];

describe("audit sentences", () => {
  it("say who did what in words, not in the stored names and flags", () => {
    expect(describeAuditEvent(ROWS[0]!, en)).toBe("Signed in with two-factor authentication");
    expect(describeAuditEvent(ROWS[3]!, en)).toBe("Sign-in refused: code already used");
    expect(describeAuditEvent(ROWS[3]!, id)).toBe("Gagal masuk: kode sudah pernah dipakai");
    expect(describeAuditEvent(ROWS[24]!, en)).toBe("Changed the settings: PPTP: on → off; IPsec ESP: on → off. Open connections cut: PPTP");
    expect(describeAuditEvent(ROWS[25]!, en)).toMatch(/^Re-applied the stored settings: PPTP: on, IPsec: on, /);
    expect(describeAuditEvent(ROWS[28]!, id)).toBe("Melacak IPsec dari 192.168.50.10 selama 30 detik");
    expect(describeAuditEvent(ROWS[29]!, en)).toBe("The watcher re-applied the rules: hp-budi now resolves to 192.168.50.23");
  });

  it("are Indonesian through and through for every action the code writes", () => {
    for (const row of ROWS) expect([row.action, englishWords(describeAuditEvent(row, id))]).toEqual([row.action, []]);
  });

  it("show an action this version does not know as it was stored", () => {
    expect(describeAuditEvent({ action: "future.thing", ok: true, detail: { answer: 42 } }, en)).toBe("future.thing, answer: 42");
  });
});
