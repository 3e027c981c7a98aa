// The TOTP second factor against a real SQLite database in a temp data dir: enrolment, the takeover attempts of
// a stolen session, replacing the authenticator, secrets at rest, and `lintas admin reset-totp` (bin/lintas).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateSync } from "otplib";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-totp-"));
process.env.LINTAS_DATA_DIR = dataDir;
process.env.LINTAS_ROOT = path.join(import.meta.dirname, "..", "..");
// Whatever the umask, the key file is the service's alone.
const umask = process.umask(0o000);

const { db } = await import("../db/client");
const { sqlite } = await import("../db/sqlite");
const { createAdmin, login } = await import("./accounts");
const { createSession, sessionFromToken } = await import("./sessions");
const { abortEnrolment, beginEnrolment, confirmEnrolment, disableTotp } = await import("./totp");
const { open, secretKeyFile } = await import("./secret-box");

const bin = path.join(import.meta.dirname, "..", "..", "bin", "lintas");
const PASSWORD = "correct horse battery";
const owner = { name: "admin", address: "192.168.50.10" };
const attacker = { name: "admin", address: "192.168.50.66" };
let userId: number;
const secrets: string[] = [];
let recovery: string[] = [];

const signIn = (code?: string) => login({ username: "admin", password: PASSWORD, code, userAgent: "t" }, owner);
const sessionAt = async (address: string) => (await sessionFromToken(await createSession(userId, address, "t")))!;
const userRow = () => sqlite().prepare(`SELECT * FROM "User" WHERE "id" = ?`).get(userId) as Record<string, unknown>;
const unusedRecoveryCodes = () => db().recoveryCode.count({ where: { userId, usedAt: null } });
const audits = async (action: string) => (await db().auditEvent.findMany({ where: { action }, orderBy: { id: "asc" } })).map((e) => ({ ok: e.ok, ...JSON.parse(e.detail) }));
/** The code an authenticator app shows now. */
const codeNow = (secret: string) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) });
/** On to the next 30 s step: a code is good once, so each sign-in below needs a fresh one. */
const nextStep = () => vi.setSystemTime((Math.floor(Date.now() / 30_000) + 1) * 30_000 + 1000);

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  userId = await createAdmin("admin", PASSWORD);
});
afterAll(() => {
  vi.useRealTimers();
  process.umask(umask);
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db().loginThrottle.deleteMany();
});

describe("enrolment", () => {
  it("needs the password; the new secret stays pending (sign-in unchanged) until a code from it is confirmed", async () => {
    const session = await sessionAt(owner.address);
    await expect(beginEnrolment(session, { password: "not the password" }, owner)).rejects.toMatchObject({ text: { key: "password.wrongCurrent" }, field: "password" });
    expect(userRow().totpPendingSecret).toBeNull();
    const { secret, qrSvg } = await beginEnrolment(session, { password: PASSWORD }, owner);
    secrets.push(secret);
    expect(qrSvg).toContain("<svg");
    expect(userRow()).toMatchObject({ totpEnabled: 0, totpSecret: null });
    expect((await signIn()).ok).toBe(true);
    expect(confirmEnrolment(userId, "000000", owner)).toBeNull();
    recovery = confirmEnrolment(userId, codeNow(secret), owner)!;
    expect(recovery).toHaveLength(10);
    expect(userRow()).toMatchObject({ totpEnabled: 1, totpPendingSecret: null });
    expect((await audits("totp.enrol-begin")).map((e) => e.ok)).toEqual([false, true]);
    expect((await audits("totp.enable")).map((e) => e.ok)).toEqual([false, true]);
  });

  it("then asks for a code at sign-in; the password alone costs no try; codes and recovery codes work once", async () => {
    // Password-only tries that were right are not counted: the second step is never throttled for them.
    for (let i = 0; i < 5; i++) expect(await signIn()).toEqual({ ok: false, reason: "needCode" });
    expect(await signIn("123456")).toEqual({ ok: false, reason: "badCode" });
    // The code used to confirm enrolment is spent, and the refusal says so.
    expect(await signIn(codeNow(secrets[0]!))).toEqual({ ok: false, reason: "usedCode" });
    nextStep();
    const fresh = codeNow(secrets[0]!);
    expect((await signIn(fresh)).ok).toBe(true);
    expect(await signIn(fresh)).toEqual({ ok: false, reason: "usedCode" });
    await db().loginThrottle.deleteMany();
    expect((await signIn(recovery[0]!)).ok).toBe(true);
    expect(await signIn(recovery[0]!)).toEqual({ ok: false, reason: "usedCode" });
  });
});

describe("a stolen session (no password, no authenticator)", () => {
  it("can neither replace nor turn off the second factor; every refusal is audited", async () => {
    const before = { row: userRow(), unused: await unusedRecoveryCodes(), failedBegins: (await audits("totp.enrol-begin")).length };
    nextStep();
    const tries: [string, () => Promise<unknown>, string][] = [
      ["enrol, right password, no code", async () => beginEnrolment(await sessionAt(attacker.address), { password: PASSWORD }, attacker), "login.badTotp"],
      ["enrol, code, wrong password", async () => beginEnrolment(await sessionAt(attacker.address), { password: "guess guess", code: codeNow(secrets[0]!) }, attacker), "password.wrongCurrent"],
      ["enrol, used recovery code", async () => beginEnrolment(await sessionAt(attacker.address), { password: PASSWORD, code: recovery[0]! }, attacker), "login.usedTotp"],
      ["turn off, right password, no code", async () => disableTotp(await sessionAt(attacker.address), { password: PASSWORD }, attacker), "login.badTotp"],
      ["turn off, wrong password", async () => disableTotp(await sessionAt(attacker.address), { password: "guess guess", code: "123456" }, attacker), "password.wrongCurrent"],
    ];
    for (const [what, run, key] of tries) {
      await db().loginThrottle.deleteMany();
      await expect(run(), what).rejects.toMatchObject({ text: { key } });
    }
    // Confirming with no enrolment begun does nothing either.
    expect(confirmEnrolment(userId, codeNow(secrets[0]!), attacker)).toBeNull();
    expect(userRow()).toEqual(before.row);
    expect(await unusedRecoveryCodes()).toBe(before.unused);
    expect((await audits("totp.enrol-begin")).slice(before.failedBegins).map((e) => [e.ok, e.reason])).toEqual([
      [false, "wrong second-factor code"],
      [false, "wrong password"],
      [false, "second-factor code already used"],
    ]);
    expect((await audits("totp.enable")).at(-1)).toEqual({ ok: false, reason: "no enrolment begun" });
    // The owner's authenticator still signs in (the code checked above is spent: a fresh step).
    await db().loginThrottle.deleteMany();
    nextStep();
    expect((await signIn(codeNow(secrets[0]!))).ok).toBe(true);
  });
});

describe("replacing the authenticator", () => {
  it("needs the password and a current code; the old secret works until the new one is confirmed; cancel keeps the old", async () => {
    const session = await sessionAt(owner.address);
    nextStep();
    const pending = await beginEnrolment(session, { password: PASSWORD, code: codeNow(secrets[0]!) }, owner);
    secrets.push(pending.secret);
    nextStep();
    expect((await signIn(codeNow(secrets[0]!))).ok).toBe(true);
    // A code of the active secret does not confirm the pending one.
    expect(confirmEnrolment(userId, codeNow(secrets[0]!), owner)).toBeNull();
    abortEnrolment(userId, owner);
    expect(userRow().totpPendingSecret).toBeNull();
    expect(await audits("totp.enrol-abort")).toHaveLength(1);
    expect(confirmEnrolment(userId, codeNow(secrets[1]!), owner)).toBeNull();

    const replacement = await beginEnrolment(session, { password: PASSWORD, code: recovery[1]! }, owner);
    secrets.push(replacement.secret);
    const newRecovery = confirmEnrolment(userId, codeNow(replacement.secret), owner)!;
    expect(newRecovery).toHaveLength(10);
    expect((await audits("totp.enable")).at(-1)).toEqual({ ok: true, replaced: true });
    nextStep();
    expect(await signIn(codeNow(secrets[0]!))).toEqual({ ok: false, reason: "badCode" });
    expect(await signIn(recovery[2]!)).toEqual({ ok: false, reason: "badCode" });
    await db().loginThrottle.deleteMany();
    expect((await signIn(codeNow(replacement.secret))).ok).toBe(true);
    recovery = newRecovery;
  });
});

describe("secrets at rest", () => {
  it("are sealed with secret.key (0600 under umask 000): the database files hold no base32 secret", () => {
    const key = statSync(secretKeyFile());
    expect([key.mode & 0o777, key.size]).toEqual([0o600, 32]);
    const row = userRow();
    expect(row.totpSecret).toMatch(/^v1:/);
    // A sealed value is bound to its user: copied into another row it does not open.
    expect(open(row.totpSecret as string, `totp:${userId}`)).toBe(secrets[2]);
    expect(() => open(row.totpSecret as string, `totp:${userId + 1}`)).toThrow(/does not open/);
    // Searched by another process: closing a descriptor of the database here would drop this process's SQLite locks.
    const files = ["lintas.db", "lintas.db-wal", "lintas.db-shm"].map((f) => path.join(dataDir, f)).filter((f) => existsSync(f));
    expect(spawnSync("grep", ["-qaF", row.totpSecret as string, ...files]).status).toBe(0);
    expect(secrets).toHaveLength(3);
    for (const secret of secrets) expect(spawnSync("grep", ["-qaF", secret, ...files]).status).toBe(1);
  });

  it("a secret stored in clear before encryption is sealed the first time a process reads secrets", async () => {
    const legacy = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    sqlite().prepare(`UPDATE "User" SET "totpSecret" = ? WHERE "id" = ?`).run(legacy, userId);
    vi.resetModules();
    const { verifySecondFactor } = await import("./second-factor");
    nextStep();
    expect(verifySecondFactor(userId, codeNow(legacy))).toBe("ok");
    expect(userRow().totpSecret).toMatch(/^v1:/);
    expect(open(userRow().totpSecret as string, `totp:${userId}`)).toBe(legacy);
  });
});

describe("lintas admin reset-totp", () => {
  const lintas = (...args: string[]) => spawnSync(bin, ["admin", ...args], { encoding: "utf8", env: { ...process.env, LINTAS_DATA_DIR: dataDir } });

  it("turns TOTP off, deletes the secret and the recovery codes, signs the admin out everywhere, audited", async () => {
    await sessionAt(owner.address);
    const unknown = lintas("reset-totp", "mallory");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no admin named "mallory"');
    expect(userRow().totpEnabled).toBe(1);
    const reset = lintas("reset-totp", "admin");
    expect(reset.stderr).toBe("");
    expect(reset.status).toBe(0);
    expect(reset.stdout).toMatch(/two-factor sign-in of "admin" is off: .* [1-9]\d* session\(s\) signed out/);
    expect(userRow()).toMatchObject({ totpEnabled: 0, totpSecret: null, totpPendingSecret: null, totpLastStep: null });
    expect(await db().recoveryCode.count({ where: { userId } })).toBe(0);
    expect(await db().session.count({ where: { userId } })).toBe(0);
    expect((await db().auditEvent.findFirstOrThrow({ where: { action: "totp.reset" } })).actor).toMatch(/^cli \(/);
    expect((await signIn()).ok).toBe(true);
  });
});
