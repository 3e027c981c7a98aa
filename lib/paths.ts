import path from "node:path";

/** The checkout (or install) Lintas runs from: bin/lintas sets it; the web server runs from it. */
export const appRoot = () => process.env.LINTAS_ROOT ?? process.cwd();

/** Where the database and records live. Installed systems set LINTAS_DATA_DIR=/var/lib/lintas. */
export const dataDir = () => process.env.LINTAS_DATA_DIR ?? path.join(appRoot(), "data");
