// How much memory the panel server holds, idle and under the requests an admin session makes. Prints figures;
// asserts nothing. The RSS is the server process's own (VmRSS in /proc/PID/status), sampled while it works.
// Run as root: node --import ./node_modules/tsx/dist/loader.mjs e2e/bench/server-memory.ts [requests]
// (needs `npm run build`; starts its own throwaway panel on loopback with the dry-run backend).
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { signIn, startPanelServer } from "./panel-server";

export type MemoryFigures = {
  idleMiB: number;
  /** RSS right after this many requests, per checkpoint. */
  afterMiB: Record<number, number>;
  /** The highest RSS sampled (every 20 ms) while the requests ran. */
  peakMiB: number;
  requests: number;
  seconds: number;
};

export type MemoryTarget = {
  baseUrl: string;
  /** Cookie header value of a signed-in admin session. */
  cookie: string;
  /** The server process; by default the one listening on the base URL's port (same network namespace). */
  pid?: number;
};

type Target = Required<MemoryTarget>;
type Assets = { files: string[]; previewAction: string; next: number };
type Hit = (target: Target, assets: Assets) => Promise<Response>;

/** Resident memory of a process, MiB. */
export function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (!kb) throw new Error(`process ${pid} has no VmRSS (gone?)`);
  return Number(kb) / 1024;
}

const page = (path: string, signedIn: boolean, rsc = false): Hit => (target) =>
  fetch(`${target.baseUrl}${path}`, {
    redirect: "manual",
    headers: { ...(signedIn ? { cookie: target.cookie } : {}), ...(rsc ? { rsc: "1" } : {}) },
  });

// A browser loads each asset once and then from its cache, but every new session and hard reload asks again.
const asset: Hit = (target, assets) => fetch(`${target.baseUrl}${assets.files[assets.next++ % assets.files.length]}`);

const preview: Hit = (target, assets) =>
  fetch(`${target.baseUrl}/vpn`, {
    method: "POST",
    headers: {
      cookie: target.cookie,
      origin: target.baseUrl,
      "next-action": assets.previewAction,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
    },
    body: JSON.stringify([{ pptp: { enabled: true } }]),
  });

/**
 * One round of the mix, 20 requests: pages, client-side navigations (RSC payloads), assets, previews, and
 * visitors without a session (login page, redirects, a 404).
 */
const ROUND: Hit[] = [
  page("/login", false),
  page("/vpn", true),
  asset, asset, asset, asset,
  page("/status", true),
  page("/audit", true),
  preview,
  page("/vpn", true, true),
  page("/status", true, true),
  page("/vpn", false),
  page("/", false),
  page("/no-such-page", false),
  asset, asset, asset, asset,
  page("/audit", true, true),
  preview,
];

/**
 * Sends `requests` requests of the admin mix to a running panel, `concurrency` at a time (a browser opens
 * several connections), and reports the server's RSS: idle (when called, unless given), at each checkpoint,
 * and the peak.
 */
export async function measureServerMemory(
  target: MemoryTarget,
  options: { requests?: number; checkpoints?: number[]; concurrency?: number; idleMiB?: number } = {},
): Promise<MemoryFigures> {
  const requests = options.requests ?? 1000;
  const checkpoints = options.checkpoints ?? [500, 1000];
  const concurrency = options.concurrency ?? 4;
  const full: Target = { ...target, pid: target.pid ?? listenerPid(new URL(target.baseUrl)) };
  const idleMiB = options.idleMiB ?? rssMiB(full.pid);
  const assets = await discoverAssets(full);
  let peakMiB = idleMiB;
  const sampler = setInterval(() => (peakMiB = Math.max(peakMiB, rssMiB(full.pid))), 20);
  const afterMiB: Record<number, number> = {};
  const start = performance.now();
  try {
    for (let sent = 0; sent < requests; ) {
      const batch = Math.min(concurrency, requests - sent);
      const responses = await Promise.all(Array.from({ length: batch }, (_, i) => ROUND[(sent + i) % ROUND.length]!(full, assets)));
      for (const response of responses) {
        await response.arrayBuffer();
        if (response.status >= 500) throw new Error(`${response.url}: HTTP ${response.status}`);
      }
      for (const point of checkpoints) if (sent < point && sent + batch >= point) afterMiB[point] = rssMiB(full.pid);
      sent += batch;
    }
  } finally {
    clearInterval(sampler);
  }
  peakMiB = Math.max(peakMiB, ...Object.values(afterMiB));
  return { idleMiB, afterMiB, peakMiB, requests, seconds: (performance.now() - start) / 1000 };
}

/** The static files the pages load and the preview action's id, found the way a browser finds them. */
async function discoverAssets(target: Target): Promise<Assets> {
  const files = new Set<string>();
  const none: Assets = { files: [], previewAction: "", next: 0 };
  for (const path of ["/login", "/vpn", "/status", "/audit"]) {
    const html = await (await page(path, path !== "/login")(target, none)).text();
    for (const [file] of html.matchAll(/\/_next\/static\/[\w./-]+\.(?:js|css)/g)) files.add(file);
  }
  for (const file of files) {
    if (!file.endsWith(".js")) continue;
    const code = await (await fetch(`${target.baseUrl}${file}`)).text();
    const previewAction = /"([0-9a-f]{40,})",\w+\.callServer,void 0,\w+\.findSourceMapURL,"previewAction"/.exec(code)?.[1];
    if (previewAction) return { files: [...files], previewAction, next: 0 };
  }
  throw new Error("the preview action's id was not found in the /vpn page's scripts: is the cookie a signed-in session?");
}

/** The process listening on a loopback URL's port: the socket's inode from /proc/net/tcp*, then its owner. */
function listenerPid(url: URL): number {
  const port = Number(url.port || 80).toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${port}`) && fields[3] === "0A") inodes.add(`socket:[${fields[9]}]`);
    }
  }
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return Number(pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  throw new Error(`no process here listens on port ${url.port || 80}: give the server's pid`);
}

export function formatMemoryFigures(figures: MemoryFigures): string {
  const mib = (value: number) => `${value.toFixed(0).padStart(4)} MiB`;
  return [
    `${mib(figures.idleMiB)}  idle (started, before any request)`,
    ...Object.entries(figures.afterMiB).map(([count, value]) => `${mib(value)}  after ${count} requests`),
    `${mib(figures.peakMiB)}  peak while serving ${figures.requests} requests (${figures.seconds.toFixed(0)} s)`,
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const requests = Number(process.argv[2] ?? 1000);
  const server = await startPanelServer();
  try {
    // Idle before signing in: the sign-in itself loads the login page and runs a password hash.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idleMiB = rssMiB(server.pid);
    const cookie = await signIn(server.baseUrl, server.username, server.password);
    const checkpoints = [500, 1000].filter((point) => point <= requests);
    console.log(formatMemoryFigures(await measureServerMemory({ ...server, cookie }, { requests, checkpoints, idleMiB })));
  } finally {
    await server.stop();
  }
}
