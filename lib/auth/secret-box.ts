// Secrets at rest (the TOTP secrets): AES-256-GCM with a key kept in its own file in the data dir, readable only
// by the service, so a copy of lintas.db alone (a backup, a stolen disk image of it) reveals no secret.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { closeSync, fchmodSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { dataDir } from "../paths";
import { ensurePrivateDir } from "../private-files";

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = "v1:";

export const secretKeyFile = () => path.join(dataDir(), "secret.key");

let cached: { file: string; key: Buffer } | undefined;

function key(): Buffer {
  const file = secretKeyFile();
  if (cached?.file !== file) cached = { file, key: readKey(file) ?? createKey(file) };
  return cached.key;
}

function readKey(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if (bytes.length !== KEY_BYTES) throw new Error(`${file} is not a Lintas secret key (${bytes.length} bytes, not ${KEY_BYTES})`);
  return bytes;
}

/**
 * Written whole under a temporary name (0600 whatever the umask), then linked into place: nobody reads half a
 * key, and of two processes creating it at once, one links and the other reads the winner's key.
 */
function createKey(file: string): Buffer {
  ensurePrivateDir(path.dirname(file));
  const fresh = randomBytes(KEY_BYTES);
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}`;
  // A data dir path known only at run time: nothing for the build to trace.
  const fd = openSync(/*turbopackIgnore: true*/ temporary, "wx", 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, fresh);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readKey(file)!;
  } finally {
    unlinkSync(temporary);
  }
  return fresh;
}

/** Whether a stored value is sealed (a value from before encryption is the secret itself). */
export const isSealed = (stored: string) => stored.startsWith(PREFIX);

/** Encrypts `secret`; `context` (e.g. whose secret it is) is bound to it, so a sealed value copied to another row does not open. */
export function seal(secret: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

export function open(sealed: string, context: string): string {
  const bytes = Buffer.from(sealed.slice(PREFIX.length), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key(), bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(`a stored secret (${context}) does not open with ${secretKeyFile()}: was the key file replaced? \`lintas admin reset-totp USER\` turns that admin's two-factor sign-in off`);
  }
}
