// The panel server's resident memory: idle, and after 1,000 requests of the pages an admin opens, sent from
// the LAN host 4 at a time. (The simplest bounded driver; the memory branch's driver replaces it when merged.)
import { rssMiB, peakRssMiB } from "./memory";
import { PANEL_URL, type Panel } from "./panel";
import { valueRow, type Row } from "./report";

const PAGES = ["/vpn", "/status", "/audit", "/login"];

export async function memoryRows(panel: Panel, requests: number): Promise<Row[]> {
  const pages = PAGES.map((path) => ({ url: `${PANEL_URL}${path}`, headers: { Cookie: panel.cookie } }));
  const load = await panel.lan.load(pages, requests, 4);
  if (load.failures > 0) throw new Error(`${load.failures} of ${requests} requests failed, first: ${load.firstFailure}`);
  const after = rssMiB(panel.serverPid);
  const mib = (value: number) => `${value.toFixed(0)} MiB`;
  return [
    valueRow("panel server RSS, idle", mib(panel.idleRssMiB), panel.idleRssMiB, { max: 150, text: "≤ 150 MiB" }),
    valueRow(`panel server RSS after ${requests.toLocaleString("en")} requests (${PAGES.join(", ")}; 4 at a time)`, `${mib(after)} (peak ${mib(peakRssMiB(panel.serverPid))})`, after, { max: 180, text: "≤ 180 MiB" }),
  ];
}
