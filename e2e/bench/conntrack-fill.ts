// Fills a namespace's conntrack table with kernel-io's lab/testing/fill-conntrack.ts (one `conntrack -R`).
// Until that branch is merged the rows that need it say so instead of guessing.
export type FillConntrack = (netns: string, count: number) => Promise<void>;

type KernelIoFill = { fillConntrack(netns: string, options: { unrelated: number; vpn?: boolean }): void };

export async function loadFillConntrack(): Promise<FillConntrack> {
  const module = "../../lab/testing/fill-conntrack";
  let filler: KernelIoFill;
  try {
    filler = (await import(module)) as KernelIoFill;
  } catch {
    throw new Error("lab/testing/fill-conntrack.ts (fillConntrack, branch kernel-io) is not merged yet");
  }
  // `count` unrelated entries (web, DNS, NTP) plus a few flows of every VPN protocol.
  return async (netns, count) => filler.fillConntrack(netns, { unrelated: count });
}
