// Brings up a private lab, starts the production server inside its router namespace (HTTPS on 192.168.50.1),
// and hands the one-time setup code to the tests.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { bringUp, labDown } from "../../lab/lab";
import { labNamed } from "../../lab/topology";
import { startPanel } from "./panel-server";

export default async function globalSetup() {
  if (process.getuid?.() !== 0) throw new Error("browser tests run Chromium inside a lab namespace: run them as root");
  const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-e2e-"));
  // A random suffix: two runs on one machine (a developer and CI) never share namespaces.
  const lab = labNamed(`lintas-lab-pw${randomBytes(2).toString("hex")}`, dataDir);
  bringUp(lab);
  const panel = await startPanel(lab);
  process.env.LINTAS_E2E_SETUP_CODE = panel.setupCode;
  process.env.LINTAS_E2E_LAB_PREFIX = lab.prefix;
  process.env.LINTAS_E2E_DATA_DIR = dataDir;
  process.env.LINTAS_E2E_LAN_NS = lab.lanHosts[0];

  return async () => {
    panel.stop();
    labDown(lab);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
