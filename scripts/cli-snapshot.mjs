// The CLI's V8 startup snapshot: the bundle evaluated by `node --build-snapshot` (cli/startup-snapshot.ts says
// what goes in), and the node binary it belongs to. A blob loads only into the node that built it, started with
// no V8 flags: bin/lintas checks both and otherwise runs the bundle itself.
import { spawnSync } from "node:child_process";
import { realpathSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const SNAPSHOT_BLOB = "lintas.blob";
/** A symlink to the node binary that built the blob (bin/lintas compares it with the `node` it would run). */
export const SNAPSHOT_NODE = "lintas.blob.node";

// Built-in modules that Node 20's snapshot builder does not vouch for ("It's not yet fully verified whether
// built-in module ... works in user snapshot builder scripts"): the bundle gets a stand-in that loads the real
// module on first use, at run time. The build fails if the builder warns about another one: add it here.
const LAZY_BUILTINS = ["child_process", "dns/promises", "http", "module", "readline"];
const UNVERIFIED_WARNING = /built-in module "([^"]+)" works in user snapshot builder scripts/;

/** An esbuild plugin: imports of LAZY_BUILTINS get the stand-in. */
export const lazyBuiltins = {
  name: "lazy-builtins",
  setup(build) {
    const require = createRequire(import.meta.url);
    build.onResolve({ filter: new RegExp(`^(node:)?(${LAZY_BUILTINS.join("|")})$`) }, (args) =>
      args.namespace === "lazy-builtin" ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ""), namespace: "lazy-builtin" },
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => {
      const getters = Object.keys(require(`node:${args.path}`)).map((key) => `get ${key}() { return load().${key}; }`);
      return {
        contents: `let loaded;\nconst load = () => (loaded ??= require("node:${args.path}"));\nmodule.exports = { ${getters.join(", ")} };\n`,
        loader: "js",
      };
    });
  },
};

/** Builds dir/lintas.blob from dir/<bundle> with this node, and records which node that was. */
export function buildSnapshot(dir, bundle) {
  const blob = path.join(dir, SNAPSHOT_BLOB);
  const result = spawnSync(process.execPath, ["--snapshot-blob", blob, "--build-snapshot", path.join(dir, bundle)], {
    cwd: dir,
    encoding: "utf8",
    // Only what the build needs: a module that read the environment at build time fails it anyway.
    env: { PATH: process.env.PATH ?? "" },
  });
  const unverified = UNVERIFIED_WARNING.exec(result.stderr)?.[1];
  if (unverified) {
    throw new Error(`the CLI's startup snapshot loaded built-in module "${unverified}" while being built: add it to LAZY_BUILTINS in scripts/cli-snapshot.mjs`);
  }
  if (result.status !== 0) {
    throw new Error(`building the CLI's startup snapshot failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}):\n${result.stderr}`);
  }
  symlinkSync(realpathSync(process.execPath), path.join(dir, SNAPSHOT_NODE));
}
