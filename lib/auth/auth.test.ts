// Auth services against a real SQLite database in a temp data dir.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateSync } from "otplib";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-auth-"));
process.env.LINTAS_DATA_DIR = dataDir;
process.env.LINTAS_ROOT = path.join(import.meta.dirname, "..", "..");

const { db } = await import("../db/client");
const { hashPassword, verifyPassword } = await import("./crypto");
const { login, setPassword, changePassword, checkCredentials } = await import("./accounts");
const { issueSetupCode, completeSetup, adminExists } = await import("./setup");
const { sessionFromToken, createSession, revokeAllSessions, SESSION } = await import("./sessions");
const { throttleWait, recordFailure, delayMs, THROTTLE, userKey } = await import("./throttle");
const { beginEnrolment, confirmEnrolment, disableTotp } = await import("./totp");
const { recentAudit } = await import("../audit-history");
const { fromAcceptLanguage, translate } = await import("../i18n");

const actor = { name: "test", address: "192.168.50.10" };
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  await db().user.count();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
beforeEach(async () => {
  await db().loginThrottle.deleteMany();
});

describe("passwords", () => {
  it("hashes with argon2id and verifies", async () => {
    const hash = await hashPassword(PASSWORD);
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(hash, PASSWORD)).toBe(true);
    expect(await verifyPassword(hash, "wrong password!")).toBe(false);
  });

  it.each([
    ["admin", "short", "password.tooShort"],
    ["admin", "administrator", "password.common"],
    ["longusername1", "longusername1", "password.isUsername"],
    ["bad name", PASSWORD, "username.chars"],
  ])("refuses %s / %s with %s", (user, pass, key) => {
    expect(() => checkCredentials(user, pass)).toThrow(expect.objectContaining({ text: { key } }));
  });
});

describe("first run", () => {
  it("needs the one-time setup code, then the code is gone", async () => {
    expect(await adminExists()).toBe(false);
    const code = (await issueSetupCode())!;
    expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect((await db().setupCode.findFirst())!.codeHash).not.toContain(code.replace(/-/g, ""));
    expect(await completeSetup({ code: "AAAA-BBBB-CCCC-DDDD", username: "admin", password: PASSWORD }, actor)).toEqual({ ok: false, reason: "badCode" });
    expect(await adminExists()).toBe(false);
    const done = await completeSetup({ code: code.toLowerCase(), username: "admin", password: PASSWORD }, actor);
    expect(done.ok).toBe(true);
    expect(await issueSetupCode()).toBeUndefined();
    expect(await completeSetup({ code, username: "evil", password: PASSWORD }, actor)).toEqual({ ok: false, reason: "done" });
  });
});

describe("sign-in", () => {
  it("gives a session for the right password, audited; refuses the wrong one, audited", async () => {
    const ok = await login({ username: "admin", password: PASSWORD, userAgent: "t" }, actor);
    expect(ok.ok).toBe(true);
    const bad = await login({ username: "admin", password: "nope nope nope", userAgent: "t" }, actor);
    expect(bad).toEqual({ ok: false, reason: "failed" });
    const actions = (await recentAudit(5)).map((e) => `${e.action}:${e.ok}:${e.address}`);
    expect(actions.slice(0, 2)).toEqual(["login.failed:false:192.168.50.10", "login.ok:true:192.168.50.10"]);
    // A name that is no account (perhaps a password typed in the wrong field) is not recorded.
    await login({ username: "Tr0ub4dor&3", password: "x", userAgent: "t" }, actor);
    const [unknown] = await recentAudit(1);
    expect(unknown).toMatchObject({ actor: "(unknown user)", action: "login.failed" });
    expect(JSON.stringify(unknown)).not.toContain("Tr0ub4dor");
    await db().loginThrottle.deleteMany();
  });

  it("throttles with growing delays per account and per address, then locks out", async () => {
    const now = new Date();
    expect(delayMs(1)).toBe(0);
    expect(delayMs(3)).toBe(1000);
    expect(delayMs(5)).toBe(4000);
    for (let i = 0; i < 3; i++) await login({ username: "admin", password: "wrong wrong", userAgent: "t" }, actor);
    const throttled = await login({ username: "admin", password: PASSWORD, userAgent: "t" }, actor);
    expect(throttled).toMatchObject({ ok: false, reason: "throttled" });
    // The per-address key also brakes guesses at other accounts from the same address.
    expect(await throttleWait(["address:192.168.50.10"])).toBeGreaterThan(0);
    expect(await throttleWait(["address:192.168.50.99"])).toBe(0);
    for (let i = 0; i < THROTTLE.lockAfter; i++) await recordFailure([userKey("victim")], now);
    expect(await throttleWait([userKey("victim")], now)).toBe(THROTTLE.lockMs);
    expect((await recentAudit(1))[0]!.action).toBe("login.throttled");
  });
});

describe("sessions", () => {
  it("stores only the token's hash, expires when idle and at the absolute lifetime", async () => {
    const user = await db().user.findFirstOrThrow();
    const token = await createSession(user.id, "a", "ua");
    expect(await db().session.findUnique({ where: { id: token } })).toBeNull();
    expect((await sessionFromToken(token))?.user.username).toBe("admin");
    const later = new Date(Date.now() + SESSION.idleMs + 1000);
    expect(await sessionFromToken(token, later)).toBeNull();
    const other = await createSession(user.id, "a", "ua");
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      // Keep it busy (never idle): it lives until the absolute lifetime, not a step longer.
      let alive = 0;
      for (let t = SESSION.idleMs / 2; t <= SESSION.absoluteMs + SESSION.idleMs; t += SESSION.idleMs / 2) {
        vi.setSystemTime(new Date(Date.now() + SESSION.idleMs / 2));
        if (!(await sessionFromToken(other))) break;
        alive = t;
      }
      expect(alive).toBeGreaterThanOrEqual(SESSION.absoluteMs - SESSION.idleMs / 2);
      expect(alive).toBeLessThan(SESSION.absoluteMs);
      expect(await sessionFromToken(other)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("a password change signs out every other session; set-password signs out all", async () => {
    const user = await db().user.findFirstOrThrow();
    const keep = await createSession(user.id, "a", "ua");
    const other = await createSession(user.id, "b", "ub");
    const keepId = (await sessionFromToken(keep))!.id;
    await changePassword(user.id, PASSWORD, "an even better passphrase", keepId, actor);
    expect(await sessionFromToken(other)).toBeNull();
    expect(await sessionFromToken(keep)).not.toBeNull();
    expect(await setPassword("admin", PASSWORD, { name: "cli" })).toBe("changed");
    expect(await sessionFromToken(keep)).toBeNull();
    await revokeAllSessions(user.id);
  });
});

describe("TOTP", () => {
  it("enrols with a code, then requires it at sign-in; recovery codes work once", async () => {
    const user = await db().user.findFirstOrThrow();
    const { secret, qrSvg } = await beginEnrolment(user.id);
    expect(qrSvg).toContain("<svg");
    expect(await confirmEnrolment(user.id, "000000", actor)).toBeNull();
    const codes = (await confirmEnrolment(user.id, generateSync({ secret }), actor))!;
    expect(codes).toHaveLength(10);
    expect(await login({ username: "admin", password: PASSWORD, userAgent: "t" }, actor)).toEqual({ ok: false, reason: "needCode" });
    expect(await login({ username: "admin", password: PASSWORD, code: "123456", userAgent: "t" }, actor)).toEqual({ ok: false, reason: "badCode" });
    await db().loginThrottle.deleteMany();
    // The code used to confirm enrolment is spent; wait for the next time step for a fresh one.
    const now = Date.now();
    const nextStep = (Math.floor(now / 30_000) + 1) * 30_000;
    const fresh = generateSync({ secret, epoch: Math.floor(nextStep / 1000) });
    vi.useFakeTimers({ toFake: ["Date"], now: nextStep + 1000 });
    try {
      expect((await login({ username: "admin", password: PASSWORD, code: fresh, userAgent: "t" }, actor)).ok).toBe(true);
      // The same code again: refused (no replay).
      expect(await login({ username: "admin", password: PASSWORD, code: fresh, userAgent: "t" }, actor)).toEqual({ ok: false, reason: "badCode" });
    } finally {
      vi.useRealTimers();
    }
    await db().loginThrottle.deleteMany();
    expect((await login({ username: "admin", password: PASSWORD, code: codes[0]!, userAgent: "t" }, actor)).ok).toBe(true);
    expect(await login({ username: "admin", password: PASSWORD, code: codes[0]!, userAgent: "t" }, actor)).toEqual({ ok: false, reason: "badCode" });
    // Turning it off needs the password.
    await expect(disableTotp(user.id, "not the password", actor)).rejects.toMatchObject({ text: { key: "password.wrongCurrent" }, field: "password" });
    await disableTotp(user.id, PASSWORD, actor);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabled).toBe(false);
  });
});

describe("language", () => {
  it("picks Indonesian from Accept-Language when it ranks first, English otherwise", () => {
    expect(fromAcceptLanguage("id-ID,id;q=0.9,en;q=0.8")).toBe("id");
    expect(fromAcceptLanguage("en-US,en;q=0.9,id;q=0.8")).toBe("en");
    expect(fromAcceptLanguage("fr-FR")).toBe("en");
    expect(fromAcceptLanguage(undefined)).toBe("en");
    expect(translate("id", "vpn.pending", { count: 2 })).toBe("2 perubahan belum disimpan");
  });
});
