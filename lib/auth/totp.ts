// Optional TOTP second factor (RFC 6238, otplib): enrol with a QR code, confirm one code, get recovery codes
// shown once (stored hashed, each usable once).
import { generateSecret, generateURI, verifySync } from "otplib";
import QRCode from "qrcode";
import { db } from "../db/client";
import { audit, type Actor } from "../audit";
import { humanCode, normalizeCode, sha256 } from "./crypto";

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
  if (!user.totpSecret || !codeMatches(user.totpSecret, code)) {
    await audit({ actor, action: "totp.enable", ok: false, detail: { reason: "wrong code" } });
    return null;
  }
  const codes = Array.from({ length: RECOVERY_CODES }, () => humanCode(3));
  await db().$transaction([
    db().recoveryCode.deleteMany({ where: { userId } }),
    db().recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: sha256(normalizeCode(c)) })) }),
    db().user.update({ where: { id: userId }, data: { totpEnabled: true } }),
  ]);
  await audit({ actor, action: "totp.enable", ok: true });
  return codes;
}

export async function disableTotp(userId: number, actor: Actor): Promise<void> {
  await db().$transaction([
    db().recoveryCode.deleteMany({ where: { userId } }),
    db().user.update({ where: { id: userId }, data: { totpEnabled: false, totpSecret: null } }),
  ]);
  await audit({ actor, action: "totp.disable", ok: true });
}

/** A current TOTP code, or an unused recovery code (which is then spent). */
export async function verifySecondFactor(userId: number, code: string): Promise<boolean> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  if (user.totpSecret && codeMatches(user.totpSecret, code)) return true;
  const hash = sha256(normalizeCode(code));
  const { count } = await db().recoveryCode.updateMany({ where: { userId, codeHash: hash, usedAt: null }, data: { usedAt: new Date() } });
  return count === 1;
}

// One step of clock drift either way, as authenticator apps expect.
function codeMatches(secret: string, code: string): boolean {
  const token = code.replace(/\s/g, "");
  return /^\d{6}$/.test(token) && verifySync({ secret, token, epochTolerance: 30 }).valid;
}
