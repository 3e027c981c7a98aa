// Auth services against a real SQLite database in a temp data dir.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-auth-"));
process.env.LINTAS_DATA_DIR = dataDir;
process.env.LINTAS_ROOT = path.join(import.meta.dirname, "..", "..");

const { db } = await import("../db/client");
const { hashPassword, verifyPassword } = await import("./crypto");
const { login, setPassword, changePassword, checkCredentials } = await import("./accounts");
const { issueSetupCode, completeSetup, adminExists } = await import("./setup");
const { sessionFromToken, createSession, revokeAllSessions, SESSION } = await import("./sessions");
const { delayMs, reserveAttempt, THROTTLE } = await import("./throttle");
const { REAUTH_LIMIT, SessionEndedError } = await import("./reauth");
const { recentAudit } = await import("../audit-history");
const { fromAcceptLanguage, translate } = await import("../i18n");

const actor = { name: "test", address: "192.168.50.10" };
const PASSWORD = "correct horse battery";
const attempt = (password: string, address = actor.address, username = "admin") => login({ username, password, userAgent: "t" }, { name: "test", address });
const reasons = (results: { ok: boolean; reason?: string }[]) =>
  results.reduce<Record<string, number>>((count, r) => ({ ...count, [r.reason ?? "ok"]: (count[r.reason ?? "ok"] ?? 0) + 1 }), {});
const auditCount = async (action: string) => db().auditEvent.count({ where: { action } });
/** The admin page's password form, the new password typed twice. */
const change = (current: string) => ({ current, password: "a brand new passphrase", confirm: "a brand new passphrase" });
/** A signed-in session of the admin, as the panel holds it. */
async function signedIn(address = actor.address) {
  const user = await db().user.findFirstOrThrow();
  return (await sessionFromToken(await createSession(user.id, address, "t")))!;
}

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
    ["admin", " ".repeat(10), "password.tooShort"],
    ["admin", "    short pw    ", "password.tooShort"],
    ["admin", "aaaaaaaaaaaa", "password.repeated"],
    ["admin", "administrator", "password.common"],
    ["admin", "  QwertyUiop ", "password.common"],
    ["admin", "rahasia123", "password.common"],
    ["longusername1", "longusername1", "password.isUsername"],
    ["bad name", PASSWORD, "username.chars"],
  ])("refuses %s / %j with %s", async (user, pass, key) => {
    await expect(checkCredentials(user, pass)).rejects.toMatchObject({ text: { key } });
  });

  it("counts the length without the spaces around it", async () => {
    await expect(checkCredentials("admin", `  ${PASSWORD}  `)).resolves.toEqual({ username: "admin" });
  });
});

describe("first run", () => {
  it("needs the one-time setup code, then the code is gone", async () => {
    expect(await adminExists()).toBe(false);
    const code = (await issueSetupCode())!;
    expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect((await db().setupCode.findFirst())!.codeHash).not.toContain(code.replace(/-/g, ""));
    const setup = (input: Partial<Parameters<typeof completeSetup>[0]>) => completeSetup({ code, username: "admin", password: PASSWORD, confirm: PASSWORD, ...input }, actor);
    expect(await setup({ code: "AAAA-BBBB-CCCC-DDDD" })).toEqual({ ok: false, reason: "invalid", issues: { code: { key: "setup.badCode" } } });
    // Everything wrong in one answer: the empty form, and a wrong code with a password the policy refuses.
    expect(await setup({ code: " ", username: "", password: "", confirm: "x" })).toEqual({
      ok: false,
      reason: "invalid",
      issues: { code: { key: "setup.codeRequired" }, username: { key: "username.required" }, password: { key: "password.tooShort" }, confirm: { key: "password.mismatch" } },
    });
    expect(await setup({ code: "AAAA-BBBB-CCCC-DDDD", password: "password123", confirm: "password123" })).toEqual({
      ok: false,
      reason: "invalid",
      issues: { code: { key: "setup.badCode" }, password: { key: "password.common" } },
    });
    // The right code with a refused password: the code is not used up.
    expect(await setup({ password: "password123", confirm: "password123" })).toEqual({ ok: false, reason: "invalid", issues: { password: { key: "password.common" } } });
    expect(await adminExists()).toBe(false);
    const done = await setup({ code: code.toLowerCase() });
    expect(done.ok).toBe(true);
    expect(await issueSetupCode()).toBeUndefined();
    expect(await setup({ username: "evil" })).toEqual({ ok: false, reason: "done" });
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

  it("throttles with growing delays: per address, per account, per account from that address", async () => {
    expect(delayMs(1)).toBe(0);
    expect(delayMs(3)).toBe(1000);
    expect(delayMs(5)).toBe(4000);
    for (let i = 0; i < 3; i++) expect(await attempt("wrong wrong")).toMatchObject({ reason: "failed" });
    expect(await attempt(PASSWORD)).toMatchObject({ ok: false, reason: "throttled" });
    expect((await recentAudit(1))[0]!.action).toBe("login.throttled");
    // The address's counter also brakes guesses at other accounts from it.
    expect(await attempt("wrong wrong", actor.address, "someone")).toMatchObject({ reason: "throttled" });
    // A refused try is not counted: the wait does not grow while an address keeps knocking.
    const refused = reserveAttempt([{ id: "address:192.168.50.10" }]);
    expect(refused).toMatchObject({ ok: false });
    expect(await db().loginThrottle.findUnique({ where: { key: "address:192.168.50.10" } })).toMatchObject({ failures: 3 });
  });

  it("100 wrong passwords sent at once from one address: at most 3 are checked, the rest throttled", async () => {
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => attempt(`wrong guess ${i}`)));
    expect(reasons(results)).toEqual({ failed: 3, throttled: 97 });
  });

  it("200 at once with the right password at #120: no session", async () => {
    const user = await db().user.findFirstOrThrow();
    const sessionsBefore = await db().session.count({ where: { userId: user.id } });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => attempt(i === 119 ? PASSWORD : `wrong guess ${i}`)));
    expect(results[119]).toMatchObject({ ok: false, reason: "throttled" });
    expect(reasons(results)).toEqual({ failed: 3, throttled: 197 });
    expect(await db().session.count({ where: { userId: user.id } })).toBe(sessionsBefore);
  });

  it("bad logins from one address lock that address out of the account, not the owner at another address", async () => {
    const attacker = "192.168.50.66";
    const owner = "192.168.50.20";
    const lockedBefore = await auditCount("login.locked");
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      // 30 at once (the attack that locked everyone out before): 3 are counted.
      expect(reasons(await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(`guess ${i}`, attacker))))).toEqual({ failed: 3, throttled: 27 });
      // The owner waits the account's delay at most, never the attacker's lock.
      const waiting = await attempt(PASSWORD, owner);
      expect(waiting).toMatchObject({ ok: false, reason: "throttled" });
      expect((waiting as { waitMs: number }).waitMs).toBeLessThanOrEqual(THROTTLE.accountMaxDelayMs);
      // The attacker keeps guessing, as slowly as the delays demand, up to the hard lock.
      for (let failures = 3; failures < THROTTLE.lockAfter; failures++) {
        vi.setSystemTime(Date.now() + delayMs(failures));
        expect(await attempt(`guess ${failures}`, attacker)).toMatchObject({ reason: "failed" });
      }
      expect(await auditCount("login.locked")).toBe(lockedBefore + 1);
      const locked = await attempt(PASSWORD, attacker);
      expect(locked).toMatchObject({ ok: false, reason: "throttled" });
      expect((locked as { waitMs: number }).waitMs).toBe(THROTTLE.lockMs);
      // The account's own delay is capped: the owner at another address gets in after at most 30 s.
      const capped = await attempt(PASSWORD, owner);
      expect((capped as { waitMs: number }).waitMs).toBeLessThanOrEqual(THROTTLE.accountMaxDelayMs);
      vi.setSystemTime(Date.now() + THROTTLE.accountMaxDelayMs);
      expect((await attempt(PASSWORD, owner)).ok).toBe(true);
      // The owner's success clears the owner's counters, not the attacker's lock; knocking on it is audited once.
      for (let i = 0; i < 5; i++) expect(await attempt(PASSWORD, attacker)).toMatchObject({ reason: "throttled" });
      expect(await auditCount("login.locked")).toBe(lockedBefore + 1);
      vi.setSystemTime(Date.now() + THROTTLE.lockMs);
      expect((await attempt(PASSWORD, attacker)).ok).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("re-authentication", () => {
  it("a stolen session guesses the password no faster than the login page, and 5 wrong answers end it", async () => {
    const session = await signedIn();
    const ended = await auditCount("session.ended-reauth");
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      for (let failures = 0; failures < REAUTH_LIMIT - 1; failures++) {
        vi.setSystemTime(Date.now() + delayMs(failures));
        await expect(changePassword(session, change(`guess ${failures}`), actor)).rejects.toMatchObject({
          text: { key: "password.wrongCurrent" },
          field: "current",
        });
      }
      // Too soon after the 4th: throttled, even with the right password, and not counted against the session.
      await expect(changePassword(session, change(PASSWORD), actor)).rejects.toMatchObject({ text: { key: "login.throttled" } });
      expect(await db().session.findUnique({ where: { id: session.id } })).not.toBeNull();
      vi.setSystemTime(Date.now() + delayMs(REAUTH_LIMIT - 1));
      await expect(changePassword(session, change("guess 5"), actor)).rejects.toBeInstanceOf(SessionEndedError);
      expect(await db().session.findUnique({ where: { id: session.id } })).toBeNull();
      expect(await auditCount("session.ended-reauth")).toBe(ended + 1);
      expect(await verifyPassword((await db().user.findFirstOrThrow()).passwordHash, PASSWORD)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("100 wrong current passwords at once from a stolen session: at most 3 checked", async () => {
    const session = await signedIn();
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => changePassword(session, change(`guess ${i}`), actor)),
    );
    const keys = results.map((r) => (r.status === "rejected" ? (r.reason as { text?: { key: string } }).text?.key : "changed"));
    expect(keys.filter((k) => k === "password.wrongCurrent")).toHaveLength(3);
    expect(keys.filter((k) => k === "login.throttled")).toHaveLength(97);
    expect(await db().session.findUnique({ where: { id: session.id } })).not.toBeNull();
  });
});

describe("password change", () => {
  it("judges every field in one answer, and changes nothing", async () => {
    const session = await signedIn();
    await expect(changePassword(session, { current: "", password: "short", confirm: "shorter" }, actor)).rejects.toMatchObject({
      fields: { current: { key: "password.currentRequired" }, password: { key: "password.tooShort" }, confirm: { key: "password.mismatch" } },
    });
    expect(await verifyPassword((await db().user.findFirstOrThrow()).passwordHash, PASSWORD)).toBe(true);
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
    await changePassword((await sessionFromToken(keep))!, { current: PASSWORD, password: "an even better passphrase", confirm: "an even better passphrase" }, actor);
    expect(await sessionFromToken(other)).toBeNull();
    expect(await sessionFromToken(keep)).not.toBeNull();
    expect(await setPassword("admin", PASSWORD, { name: "cli" })).toBe("changed");
    expect(await sessionFromToken(keep)).toBeNull();
    await revokeAllSessions(user.id);
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
