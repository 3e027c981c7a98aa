// Builds the command line into dist/cli: cli/main.ts bundled to ESM for Node, split so each verb's modules are
// a chunk loaded only when that verb runs. Native and heavy packages stay in node_modules. bin/lintas runs it.
// `node scripts/build-cli.mjs` (part of `npm run build`); also vitest's global setup, so the CLI tests never
// spawn a stale build.
import { renameSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.join(import.meta.dirname, "..");
export const CLI_OUT_DIR = path.join(root, "dist", "cli");

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
    entryPoints: { main: "cli/main.ts" },
    outdir: staging,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Left in node_modules: native addons, Prisma's runtime and the common-password list (admin verbs only; the
    // list is CommonJS data that Node's own loader gives named exports), Next (serve only).
    external: ["*.node", "@node-rs/argon2", "@prisma/*", "@zxcvbn-ts/*", "next", "next/*", "react", "react-dom"],
    // Bundled CommonJS (better-sqlite3, qrcode) calls require(): give every ESM chunk one.
    banner: { js: 'import { createRequire as __lintasRequire } from "node:module"; const require = __lintasRequire(import.meta.url);' },
    plugins: [betterSqlite3Addon],
    // Less to parse on every run; names stay readable in stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: "linked",
    logLevel: "warning",
  });
  rmSync(CLI_OUT_DIR, { recursive: true, force: true });
  renameSync(staging, CLI_OUT_DIR);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildCli();
