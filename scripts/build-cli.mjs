// Builds the command line into dist/cli: cli/main.ts bundled to ESM for Node, split so each verb's modules are
// a chunk loaded only when that verb runs. Native and heavy packages stay in node_modules. bin/lintas runs it.
// `node scripts/build-cli.mjs` (part of `npm run build`); also vitest's global setup, so the CLI tests never
// spawn a stale build.
import { renameSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.join(import.meta.dirname, "..");
export const CLI_OUT_DIR = path.join(root, "dist", "cli");

// CommonJS packages loaded with require(): an ESM import of one makes Node lex its source for export names on
// every run.
const COMMONJS_EXTERNALS = ["better-sqlite3", "@node-rs/argon2"];
const requireCommonJs = {
  name: "require-commonjs",
  setup(build) {
    const filter = new RegExp(`^(${COMMONJS_EXTERNALS.join("|").replaceAll("/", "\\/")})$`);
    build.onResolve({ filter }, (args) =>
      args.namespace === "lintas-require" ? { path: args.path, external: true } : { path: args.path, namespace: "lintas-require" },
    );
    build.onLoad({ filter: /.*/, namespace: "lintas-require" }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
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
    // Also left in node_modules: Prisma's runtime (the admin verbs only) and Next (serve only).
    external: ["@prisma/*", "next", "next/*", "react", "react-dom"],
    // Bundled CommonJS (qrcode, the packages above) calls require(): give every ESM chunk one.
    banner: { js: 'import { createRequire as __lintasRequire } from "node:module"; const require = __lintasRequire(import.meta.url);' },
    plugins: [requireCommonJs],
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
