// The probe's answer, kept in the data dir for as long as it holds: probing starts several programs (~70 ms,
// more than an apply). It is keyed by what the answer depends on: the boot (a new kernel or module means a
// reboot), the network namespace, the user and its capabilities, and the identity of the probed programs
// (resolved path, size, mtime: an upgrade changes them, and nothing is started just to ask for a version). A
// failed apply forgets it. Forwarding is a sysctl an admin flips, so it is read fresh every time.
import { readFile, realpath, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { PROBED_TOOLS, probeTools, readForwarding, type Capabilities, type Runner, type ToolCapabilities } from "../../netfilter";
import { dataDir } from "../paths";
import { ensurePrivateDir, writePrivateFile } from "../private-files";

type Stored = { key: string; tools: ToolCapabilities };

const cacheFile = () => path.join(dataDir(), "capabilities.json");

// The key costs some 50 file lookups (every probed program on every PATH dir): a long-running panel, asked many
// times a minute, trusts the answer it last checked for a few seconds.
const TRUSTED_MS = 10_000;
let recent: { netns: string | undefined; dir: string; at: number; tools: ToolCapabilities } | undefined;

/** The capabilities of the runner's namespace: the tool part from the cache when its key still matches. */
export async function currentCapabilities(runner: Runner): Promise<Capabilities> {
  const [tools, forwarding] = await Promise.all([cachedTools(runner), readForwarding(runner)]);
  return { ...tools, forwarding };
}

/** Drops the cached probe, so the next operation probes again (after a failed apply). */
export async function forgetCapabilities(): Promise<void> {
  recent = undefined;
  await rm(cacheFile(), { force: true });
}

async function cachedTools(runner: Runner): Promise<ToolCapabilities> {
  const now = Date.now();
  if (recent && recent.netns === runner.netns && recent.dir === dataDir() && now - recent.at < TRUSTED_MS) return recent.tools;
  const tools = await checkedTools(runner);
  recent = { netns: runner.netns, dir: dataDir(), at: now, tools };
  return tools;
}

async function checkedTools(runner: Runner): Promise<ToolCapabilities> {
  const key = await capabilityCacheKey(runner);
  const stored = await readFile(cacheFile(), "utf8")
    .then((text) => JSON.parse(text) as Stored)
    .catch(() => undefined);
  if (stored?.key === key) return stored.tools;
  const tools = await probeTools(runner);
  await store({ key, tools });
  return tools;
}

/** Written whole under a private name, then renamed: a reader never sees half a file. */
async function store(entry: Stored): Promise<void> {
  const file = cacheFile();
  const temp = `${file}.${process.pid}.tmp`;
  try {
    ensurePrivateDir(path.dirname(file));
    await writePrivateFile(temp, JSON.stringify(entry) + "\n");
    await rename(temp, file);
  } catch {
    // A data dir we cannot write (a read-only checkout) only costs a probe per operation, as before the cache.
    await rm(temp, { force: true });
  }
}

/** The shape of the probe's answer: raised when a probe is added, so a cache written before it is not read. */
const PROBE_FORMAT = 3;

/** Everything the probe's answer depends on, as one comparable string. */
export async function capabilityCacheKey(runner: Runner): Promise<string> {
  const [bootId, status, netns, ...tools] = await Promise.all([
    readFile("/proc/sys/kernel/random/boot_id", "utf8"),
    readFile("/proc/self/status", "utf8"),
    // The namespace's inode, not its name: a namespace deleted and created again under the same name is new.
    stat(runner.netns ? `/run/netns/${runner.netns}` : "/proc/self/ns/net").then((s) => s.ino),
    ...PROBED_TOOLS.map(toolIdentity),
  ]);
  // The same user with fewer capabilities (a unit without AmbientCapabilities) may not do what the cache says.
  const capabilities = /^CapEff:\s*(\w+)$/m.exec(status)?.[1];
  return JSON.stringify({ format: PROBE_FORMAT, bootId: bootId.trim(), netns, uid: process.geteuid?.(), capabilities, tools });
}

/** The program `name` runs as, found on PATH like spawn finds it: real path, size and mtime. */
async function toolIdentity(name: string): Promise<string> {
  const candidates = name.includes("/") ? [name] : (process.env.PATH ?? "").split(":").filter(Boolean).map((dir) => path.join(dir, name));
  for (const candidate of candidates) {
    const found = await realpath(candidate)
      .then(async (real) => ({ real, info: await stat(real) }))
      .catch(() => undefined);
    if (found?.info.isFile()) return `${found.real} ${found.info.size} ${found.info.mtimeMs}`;
  }
  return `${name} not found`;
}
