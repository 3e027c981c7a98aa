// Which network interfaces exist in the namespace the runner works in: read from /proc in our own namespace
// (no program to start on every apply), `ip` in another.
import { readFile } from "node:fs/promises";
import { firstLine, type Runner } from "./exec";

export async function listInterfaces(runner: Runner): Promise<string[]> {
  if (!runner.netns) {
    // /proc/self/net is always the reading process's network namespace (unlike /sys, which is the mounter's).
    const table = await readFile("/proc/self/net/dev", "utf8");
    return table.split("\n").slice(2).flatMap((line) => (line.includes(":") ? [line.split(":")[0]!.trim()] : []));
  }
  const result = await runner.run(["ip", "-j", "link", "show"]);
  if (result.code !== 0) throw new Error(`cannot list network interfaces: ${firstLine(result.stderr)}`);
  return (JSON.parse(result.stdout) as { ifname: string }[]).map((link) => link.ifname);
}
