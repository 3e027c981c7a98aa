// The command line as a V8 startup snapshot (scripts/cli-snapshot.mjs builds it, bin/lintas runs it): the
// modules of the everyday verbs are evaluated once at build time, and every run starts from that heap instead
// of compiling and evaluating them again. Only this file knows the difference between the two ways to run.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { startupSnapshot } from "node:v8";

export const buildingSnapshot = () => startupSnapshot.isBuildingSnapshot();

/**
 * Evaluates `load` into the snapshot, then makes `start` (given the command's words) the snapshot's main.
 * While `load` runs, reading what differs between the build and a run fails the build (forbidRunTimeState).
 */
export function prepareSnapshot(load: () => Promise<unknown>, start: (words: string[]) => void): void {
  const allow = forbidRunTimeState();
  void load()
    .finally(allow)
    .then(() => {
      startupSnapshot.setDeserializeMainFunction(() => {
        useNodeModules();
        // `node --snapshot-blob FILE -- WORDS...`: no script name before the words.
        start(process.argv.slice(1));
      });
    });
}

/** This process's command up to the command's words, to start the same command line again (e.g. as another user). */
export function cliInvocation(): string[] {
  return blobPath() === undefined
    ? [process.execPath, ...process.execArgv, process.argv[1]!]
    : [process.execPath, ...process.execArgv, "--"];
}

function blobPath(): string | undefined {
  const args = process.execArgv;
  const at = args.indexOf("--snapshot-blob");
  if (at >= 0) return args[at + 1];
  return args.find((arg) => arg.startsWith("--snapshot-blob="))?.slice("--snapshot-blob=".length);
}

/**
 * The snapshot's code still holds the `require` of the snapshot builder, which loads Node's own modules only:
 * the bundle's require is replaced by one that finds node_modules (native addons, Prisma), from where the
 * blob is now, wherever the checkout was when it was built.
 */
function useNodeModules(): void {
  require = createRequire(path.resolve(blobPath()!));
}

/**
 * Until the returned function is called, reading the environment or the arguments, or calling for the working
 * directory, the user, the clock, randomness or a file, throws: a module initialiser that did so at build time
 * would freeze the build machine's value into every run. The returned function throws too if anything was
 * attempted, or Node warned (Node modules the snapshot does not support are loaded on first use instead:
 * scripts/cli-snapshot.mjs).
 */
export function forbidRunTimeState(): () => void {
  let armed = true;
  const restores: (() => void)[] = [];
  // Kept as well as thrown: an initialiser may catch the error and freeze a fallback instead.
  const violations: Error[] = [];
  const forbid = (what: string): never => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 30;
    const error = new Error(`${what} while the CLI's startup snapshot is built: the build's value would be frozen into every run (do it in a function)`);
    Error.stackTraceLimit = limit;
    violations.push(error);
    throw error;
  };
  const forbidValue = <T extends object>(owner: T, key: keyof T & string, label: string) => {
    const original = Object.getOwnPropertyDescriptor(owner, key)!;
    Object.defineProperty(owner, key, { configurable: true, get: () => forbid(`${label} read`) });
    restores.push(() => Object.defineProperty(owner, key, original));
  };
  // A library may keep a reference to a function it calls later (better-sqlite3 keeps fs.access): the stand-in it
  // keeps then calls the original.
  const forbidCall = <T extends object>(owner: T, key: keyof T & string, label: string) => {
    const original = owner[key] as (...args: unknown[]) => unknown;
    const guarded = function (this: unknown, ...args: unknown[]) {
      if (armed) forbid(`${label}() called`);
      return original.apply(this, args);
    };
    owner[key] = Object.assign(guarded, original) as T[typeof key];
    restores.push(() => (owner[key] = original as T[typeof key]));
  };

  // A warning from Node meanwhile (a built-in module the snapshot does not support was loaded) fails the build
  // too; Node's own printing of it would read the environment.
  const printers = process.listeners("warning");
  process.removeAllListeners("warning");
  process.on("warning", (warning) => violations.push(warning));
  restores.push(() => {
    process.removeAllListeners("warning");
    for (const printer of printers) process.on("warning", printer);
  });

  forbidValue(process, "env", "process.env");
  for (const key of ["argv", "execArgv"] as const) forbidValue(process, key, `process.${key}`);
  for (const key of ["cwd", "getuid", "geteuid", "getgid", "getegid", "umask", "hrtime"] as const) forbidCall(process, key, `process.${key}`);
  forbidCall(Date, "now", "Date.now");
  forbidCall(Math, "random", "Math.random");
  for (const key of ["userInfo", "homedir", "tmpdir", "hostname", "networkInterfaces", "uptime"] as const) forbidCall(os, key, `os.${key}`);
  for (const key of Object.keys(fs) as (keyof typeof fs)[]) {
    if (typeof fs[key] === "function" && /^[a-z]/.test(key)) forbidCall(fs, key, `fs.${key}`);
  }
  return () => {
    armed = false;
    for (const restore of restores.reverse()) restore();
    if (violations.length) throw new AggregateError(violations, violations.map((error) => error.stack).join("\n"));
  };
}
