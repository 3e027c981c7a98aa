// `lintas admin set-password USER`: the new password comes on standard input or is typed at a hidden prompt
// (never argv, which other users can read in ps). Creates the admin if none exists; otherwise changes it and
// signs that user out everywhere.
// `lintas admin reset-totp USER`: turns that admin's two-factor sign-in off (lost authenticator and recovery
// codes), deletes the secret and the codes, and signs them out everywhere.
import { spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { cliActor } from "../lib/audit";
import { setPassword } from "../lib/auth/accounts";
import { resetTotp } from "../lib/auth/totp";
import { InputError } from "../lib/errors";

/** Piped: the whole of stdin. At a terminal: typed twice with echo off. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  }
  const first = await promptHidden("New password: ");
  const second = await promptHidden("Again: ");
  if (first !== second) throw new InputError("the two passwords differ", "password");
  return first;
}

function promptHidden(question: string): Promise<string> {
  process.stderr.write(question);
  spawnSync("stty", ["-echo"], { stdio: "inherit" });
  const rl = createInterface({ input: process.stdin });
  return new Promise((resolve) =>
    rl.once("line", (line) => {
      rl.close();
      spawnSync("stty", ["echo"], { stdio: "inherit" });
      process.stderr.write("\n");
      resolve(line);
    }),
  );
}

const USAGE = "usage: lintas admin set-password USER   (the password is read from standard input)\n       lintas admin reset-totp USER";

export async function adminCommand(words: string[]): Promise<string> {
  const [verb, username, ...rest] = words;
  if (!username || rest.length > 0) throw new InputError(USAGE);
  if (verb === "reset-totp") {
    const { sessionsRevoked } = resetTotp(username, cliActor());
    return `two-factor sign-in of "${username}" is off: its secret and recovery codes were deleted, ${sessionsRevoked} session(s) signed out`;
  }
  if (verb !== "set-password") throw new InputError(USAGE);
  const password = await readPassword();
  try {
    const outcome = await setPassword(username, password, cliActor());
    return outcome === "created"
      ? `admin "${username}" created; the setup code is no longer needed`
      : `password of "${username}" changed; all of its sessions were signed out`;
  } catch (error) {
    // The policy's words do not say what they are about: name the field.
    if (error instanceof InputError && error.field) throw new InputError(`${error.field}: ${error.message}`, error.field);
    throw error;
  }
}
