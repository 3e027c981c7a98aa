import path from "node:path";

/** The checkout (or install) Lintas runs from: bin/lintas sets it; the web server runs from it. */
export const appRoot = () => process.env.LINTAS_ROOT ?? process.cwd();

/**
 * Where the database and records live: LINTAS_DATA_DIR, else /var/lib/lintas for an install under /usr or
 * /opt, else ./data in the checkout.
 */
export function dataDir(): string {
  if (process.env.LINTAS_DATA_DIR) return process.env.LINTAS_DATA_DIR;
  const root = appRoot();
  return /^\/(usr|opt)\//.test(root) ? "/var/lib/lintas" : path.join(root, "data");
}
