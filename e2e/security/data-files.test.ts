// Attack 8 of issue 10: a local user on the router reads the database (argon2 hashes, TOTP secrets) because it
// was created 0644; or a copy of lintas.db alone gives away the TOTP secrets, stored in clear.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { configureNetwork, startPanel, type Panel } from "./panel";
import { enrolTotp } from "./totp";

let panel: Panel;
beforeAll(async () => {
  // umask 000: whatever the server and the CLI create is world-writable unless they say otherwise.
  panel = await startPanel({ umask: 0o000 });
  configureNetwork(panel);
});
afterAll(() => panel?.stop());

function modes(dir: string): Record<string, string> {
  const found: Record<string, string> = { ".": (statSync(dir).mode & 0o777).toString(8) };
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      found[path.relative(dir, full)] = (statSync(full).mode & 0o777).toString(8);
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return found;
}

test("a copy of the database holds no TOTP secret: it is encrypted with a key in secret.key (0600)", async () => {
  const enrolment = await enrolTotp(panel);
  expect((statSync(path.join(panel.dataDir, "secret.key")).mode & 0o777).toString(8)).toBe("600");
  const [user] = panel.query<{ totpSecret: string | null }>(`SELECT "totpSecret" FROM "User"`);
  expect(user?.totpSecret).toBeTruthy();
  expect(user!.totpSecret).not.toContain(enrolment.secret);
  expect(user!.totpSecret).not.toMatch(/^[A-Z2-7]+=*$/);
  for (const file of ["lintas.db", "lintas.db-wal"]) {
    expect(readFileSync(path.join(panel.dataDir, file)).includes(enrolment.secret), `${file} holds the secret in clear`).toBe(false);
  }
});

// After the TOTP enrolment above: its key file and secrets are among the files.
test("under umask 000 the data dir is 0700 and every file in it 0600", () => {
  const found = modes(panel.dataDir);
  expect(Object.keys(found)).toEqual(expect.arrayContaining(["lintas.db", "lintas.db-wal", "lintas.db-shm"]));
  const expected = Object.fromEntries(
    Object.keys(found).map((name) => [name, name === "." || statSync(path.join(panel.dataDir, name)).isDirectory() ? "700" : "600"]),
  );
  expect(found).toEqual(expected);
});
