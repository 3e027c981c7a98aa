// Builds the command line into dist/cli: cli/main.ts bundled into one CommonJS file for Node (each verb's modules
// are evaluated only when that verb runs), and the V8 startup snapshot of it (scripts/cli-snapshot.mjs). Native
// and heavy packages stay in node_modules. bin/lintas runs the snapshot, or the bundle where the snapshot cannot
// load. `node scripts/build-cli.mjs` (part of `npm run build`); also vitest's global setup, so the CLI tests
// never spawn a stale build.
import { renameSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { buildSnapshot, lazyBuiltins } from "./cli-snapshot.mjs";

const root = path.join(import.meta.dirname, "..");
export const CLI_OUT_DIR = path.join(root, "dist", "cli");
const BUNDLE = "lintas.cjs";

// better-sqlite3's JavaScript is bundled too (loading its dozen small files took ~10 ms a run); its compiled addon
// is loaded from node_modules by path, not through the `bindings` package's search.
const BINDINGS_CALL = "require('bindings')('better_sqlite3.node')";
const betterSqlite3Addon = {
  name: "better-sqlite3-addon",
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]better-sqlite3[\\/]lib[\\/]database\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      if (!source.includes(BINDINGS_CALL)) {
        throw new Error(`${args.path} no longer loads its addon with ${BINDINGS_CALL}: update scripts/build-cli.mjs`);
      }
      return { contents: source.replace(BINDINGS_CALL, 'require("better-sqlite3/build/Release/better_sqlite3.node")'), loader: "js" };
    });
  },
};

export default async function buildCli() {
  // Built aside, then swapped in: a bin/lintas starting meanwhile never meets half a build.
  const staging = `${CLI_OUT_DIR}.${process.pid}`;
  await build({
    absWorkingDir: root,
    entryPoints: ["cli/main.ts"],
    outfile: path.join(staging, BUNDLE),
    bundle: true,
    // One script: what a startup snapshot is built from. CommonJS also loads faster than ESM chunks on Node 20.
    format: "cjs",
    platform: "node",
    target: "node20",
    // Left in node_modules: native addons, Prisma's runtime and the common-password list (admin verbs only; the
    // list is CommonJS data that Node's own loader gives named exports), Next (serve only).
    external: ["*.node", "@node-rs/argon2", "@prisma/*", "@zxcvbn-ts/*", "next", "next/*", "react", "react-dom"],
    // import() becomes require(): a function kept in the snapshot has no way to load an ES module.
    supported: { "dynamic-import": false },
    // The generated Prisma client finds its directory through import.meta.url.
    define: { "import.meta.url": "__lintasBundleUrl" },
    banner: { js: 'var __lintasBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    plugins: [betterSqlite3Addon, lazyBuiltins],
    // Less to parse on every run; names stay readable in stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: "linked",
    logLevel: "warning",
  });
  try {
    buildSnapshot(staging, BUNDLE);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  rmSync(CLI_OUT_DIR, { recursive: true, force: true });
  renameSync(staging, CLI_OUT_DIR);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildCli();
