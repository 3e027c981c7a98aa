// The panel's TLS certificate: cert.pem + key.pem in $LINTAS_DATA_DIR/tls. A pair the admin put there is used as
// it is. Otherwise Lintas makes a self-signed one covering the names the panel answers to, and makes it again
// when those change or it nears its end (the banner then shows the new fingerprint).
//
// Made with `openssl req -x509` (Debian's openssl, security-maintained with the system's TLS library): Node
// can make keys but not certificates, and the npm packages that can (selfsigned, node-forge) do X.509 and RSA
// in JavaScript, code this project would then carry for one 10 ms command.
import { spawnSync } from "node:child_process";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { InputError } from "../../lib/errors";

export type PanelCertificate = {
  cert: Buffer;
  key: Buffer;
  /** SHA-256 of the certificate, colon hex, as browsers show it. */
  fingerprint: string;
  /** What was done or is wrong, one line each, for the log. */
  notes: string[];
};

export const CERT_FILE = "cert.pem";
export const KEY_FILE = "key.pem";
/** In the subject of every certificate Lintas makes: the ones it may replace. */
const SELF_SIGNED_UNIT = "OU=Lintas self-signed";
const VALID_DAYS = 3650;
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

type Pair = { cert: Buffer; key: Buffer; x509: X509Certificate; keyMatches: boolean };

/** The certificate in `dir`, made (or made again) for `names` when it is Lintas's own. `names[0]` is its subject. */
export function panelCertificate(dir: string, names: readonly string[]): PanelCertificate {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const certPath = path.join(dir, CERT_FILE);
  const keyPath = path.join(dir, KEY_FILE);
  const [hasCert, hasKey] = [existsSync(certPath), existsSync(keyPath)];
  if (hasCert !== hasKey) {
    const [there, missing] = hasCert ? [certPath, keyPath] : [keyPath, certPath];
    throw new InputError(`${there} is there but ${missing} is not: put both (your own certificate), or remove it and a self-signed pair is made`);
  }
  let made = "made a self-signed certificate";
  if (hasCert) {
    const pair = readPair(certPath, keyPath);
    if (!pair.x509.subject.split("\n").includes(SELF_SIGNED_UNIT)) return adminsOwn(pair, keyPath, names);
    const stale = staleBecause(pair, names);
    if (!stale) return finished(pair, []);
    made = `made a new self-signed certificate: the old one ${stale}`;
  }
  makeSelfSigned(dir, names);
  return finished(readPair(certPath, keyPath), [`${made} (${path.join(dir, CERT_FILE)})`]);
}

function readPair(certPath: string, keyPath: string): Pair {
  const cert = readFileSync(certPath);
  const key = readFileSync(keyPath);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (error) {
    throw new InputError(`${certPath} is not a PEM certificate: ${(error as Error).message}`);
  }
  try {
    return { cert, key, x509, keyMatches: x509.checkPrivateKey(createPrivateKey(key)) };
  } catch (error) {
    throw new InputError(`${keyPath} is not a PEM private key without a passphrase: ${(error as Error).message}`);
  }
}

/** The admin's own pair: used as it is, its key made private, what browsers will object to said. */
function adminsOwn(pair: Pair, keyPath: string, names: readonly string[]): PanelCertificate {
  if (!pair.keyMatches) throw new InputError(`${keyPath} is not the key of the certificate next to it`);
  const notes = ["using the certificate found in the data dir (not one Lintas made)"];
  const mode = statSync(keyPath).mode & 0o777;
  if (mode & 0o077) {
    chmodSync(keyPath, 0o600);
    notes.push(`${keyPath} was readable by others (mode ${mode.toString(8)}): made 0600`);
  }
  const uncovered = names.filter((name) => !covers(pair.x509, name));
  if (uncovered.length) notes.push(`warning: the certificate does not name ${uncovered.join(", ")}: browsers opening the panel by those will warn`);
  if (new Date(pair.x509.validTo).getTime() < Date.now()) notes.push(`warning: the certificate expired on ${pair.x509.validTo}`);
  return finished(pair, notes);
}

/** Why Lintas's own certificate must be made again, if it must. */
function staleBecause(pair: Pair, names: readonly string[]): string | undefined {
  if (!pair.keyMatches) return "did not match its key";
  const uncovered = names.filter((name) => !covers(pair.x509, name));
  if (uncovered.length) return `did not name ${uncovered.join(", ")}`;
  if (new Date(pair.x509.validTo).getTime() - Date.now() < RENEW_BEFORE_MS) return `ends on ${pair.x509.validTo}`;
  return undefined;
}

const covers = (x509: X509Certificate, name: string) =>
  (isIP(name) ? x509.checkIP(name) : x509.checkHost(name, { subject: "never" })) !== undefined;

const finished = (pair: Pair, notes: string[]): PanelCertificate => ({ cert: pair.cert, key: pair.key, fingerprint: pair.x509.fingerprint256, notes });

/**
 * A P-256 key and a self-signed server certificate for `names`, made aside in a private directory and then
 * moved in (key first: a pair cut in half by a crash is mismatched, hence made again at the next start).
 */
function makeSelfSigned(dir: string, names: readonly string[]): void {
  const staging = mkdtempSync(path.join(dir, ".new-")); // 0700
  try {
    const [cert, key] = [path.join(staging, CERT_FILE), path.join(staging, KEY_FILE)];
    const subject = `/O=Lintas/${SELF_SIGNED_UNIT}/CN=${names[0]!.slice(0, 64)}`;
    const san = names.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(",");
    const result = spawnSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
        "-days", String(VALID_DAYS), "-subj", subject, "-addext", `subjectAltName=${san}`,
        "-addext", "basicConstraints=critical,CA:FALSE", "-addext", "keyUsage=critical,digitalSignature",
        "-addext", "extendedKeyUsage=serverAuth"],
      { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] },
    );
    if (result.error) {
      throw new InputError(`openssl makes the panel's self-signed certificate and could not be run (${result.error.message}): apt-get install openssl, or put your own ${CERT_FILE} and ${KEY_FILE} in ${dir}`);
    }
    if (result.status !== 0) throw new Error(`openssl could not make the panel's certificate: ${result.stderr.trim()}`);
    for (const file of [key, cert]) {
      chmodSync(file, 0o600);
      renameSync(file, path.join(dir, path.basename(file)));
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
