import path from "node:path";

/** The checkout (or install) Lintas runs from: bin/lintas sets it; the web server runs from it. */
export const appRoot = () => process.env.LINTAS_ROOT ?? process.cwd();

/**
 * Where the database and records live: LINTAS_DATA_DIR, else /var/lib/lintas for an install under /usr or
 * /opt, else ./data in the checkout.
 */
export function dataDir(): string {
  return process.env.LINTAS_DATA_DIR || defaultDataDir(appRoot());
}

/** Where an installed Lintas (a package or a checkout under /usr or /opt, `lintas install`) keeps its data. */
export const INSTALLED_DATA_DIR = "/var/lib/lintas";

/** The data dir of Lintas run from `root` when LINTAS_DATA_DIR is not set. */
export function defaultDataDir(root: string): string {
  return /^\/(usr|opt)\//.test(root) ? INSTALLED_DATA_DIR : path.join(root, "data");
}
