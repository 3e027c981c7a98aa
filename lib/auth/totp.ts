// Optional TOTP second factor (RFC 6238, otplib): enrol with a QR code, confirm one code, get recovery codes
// shown once (stored hashed, each usable once).
import { generateSecret, generateURI, verifySync } from "otplib";
import QRCode from "qrcode";
import { db } from "../db/client";
import { audit, type Actor } from "../audit";
import { InputError } from "../errors";
import { message } from "../i18n";
import { humanCode, normalizeCode, sha256, verifyPassword } from "./crypto";

const ISSUER = "Lintas";
const RECOVERY_CODES = 10;

export async function beginEnrolment(userId: number): Promise<{ secret: string; qrSvg: string }> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  const secret = generateSecret();
  await db().user.update({ where: { id: userId }, data: { totpSecret: secret, totpEnabled: false } });
  const uri = generateURI({ issuer: ISSUER, label: user.username, secret });
  return { secret, qrSvg: await QRCode.toString(uri, { type: "svg", margin: 1 }) };
}

/** Turns TOTP on once a code from the app matches; returns the recovery codes (shown once). */
export async function confirmEnrolment(userId: number, code: string, actor: Actor): Promise<string[] | null> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  const step = user.totpSecret ? matchingStep(user.totpSecret, code) : undefined;
  if (step === undefined) {
    await audit({ actor, action: "totp.enable", ok: false, detail: { reason: "wrong code" } });
    return null;
  }
  const codes = Array.from({ length: RECOVERY_CODES }, () => humanCode(3));
  await db().$transaction([
    db().recoveryCode.deleteMany({ where: { userId } }),
    db().recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: sha256(normalizeCode(c)) })) }),
    db().user.update({ where: { id: userId }, data: { totpEnabled: true, totpLastStep: step } }),
  ]);
  await audit({ actor, action: "totp.enable", ok: true });
  return codes;
}

/** Turning the second factor off needs the password again: a stolen session alone cannot do it. */
export async function disableTotp(userId: number, password: string, actor: Actor): Promise<void> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(user.passwordHash, password))) {
    await audit({ actor, action: "totp.disable", ok: false, detail: { reason: "wrong password" } });
    throw new InputError(message("password.wrongCurrent"), "password");
  }
  await db().$transaction([
    db().recoveryCode.deleteMany({ where: { userId } }),
    db().user.update({ where: { id: userId }, data: { totpEnabled: false, totpSecret: null, totpLastStep: null } }),
  ]);
  await audit({ actor, action: "totp.disable", ok: true });
}

/** A current TOTP code not used before, or an unused recovery code (which is then spent). */
export async function verifySecondFactor(userId: number, code: string): Promise<boolean> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  const step = user.totpSecret ? matchingStep(user.totpSecret, code) : undefined;
  if (step !== undefined) {
    // A code seen once (by us or by someone looking over a shoulder) does not sign in again.
    const { count } = await db().user.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1;
  }
  const hash = sha256(normalizeCode(code));
  const { count } = await db().recoveryCode.updateMany({ where: { userId, codeHash: hash, usedAt: null }, data: { usedAt: new Date() } });
  return count === 1;
}

// One step of clock drift either way, as authenticator apps expect.
function matchingStep(secret: string, code: string): number | undefined {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return undefined;
  const result = verifySync({ secret, token, epochTolerance: 30 });
  return result.valid ? (result as { timeStep: number }).timeStep : undefined;
}
