// The panel server's resident memory with the memory bench's driver (server-memory.ts): a throwaway panel on
// loopback (dry-run backend), idle 2 s after it started, then under 1,000 requests of an admin session's mix.
import { onCleanup } from "./cleanup";
import { signIn, startPanelServer } from "./panel-server";
import { valueRow, type Row } from "./report";
import { measureServerMemory, rssMiB } from "./server-memory";

const mib = (value: number) => `${value.toFixed(0)} MiB`;

export async function memoryRows(requests: number): Promise<Row[]> {
  const server = await startPanelServer();
  const stop = onCleanup("the loopback panel of the memory rows", () => server.stop());
  try {
    await new Promise((resolve) => setTimeout(resolve, 2000)); // start-up garbage settles before "idle"
    const idleMiB = rssMiB(server.pid);
    const cookie = await signIn(server.baseUrl, server.username, server.password);
    const half = Math.floor(requests / 2);
    const figures = await measureServerMemory({ ...server, cookie }, { requests, checkpoints: [half, requests], idleMiB });
    const after = figures.afterMiB[requests]!;
    return [
      valueRow("panel server RSS, idle", mib(idleMiB), idleMiB, { max: 150, text: "≤ 150 MiB" }),
      valueRow(
        `panel server RSS after ${requests.toLocaleString("en")} requests (an admin session's mix, 4 at a time)`,
        `${mib(after)} (after ${half}: ${mib(figures.afterMiB[half]!)}; peak ${mib(figures.peakMiB)})`,
        after,
        { max: 180, text: "≤ 180 MiB" },
      ),
    ];
  } finally {
    await stop();
  }
}
