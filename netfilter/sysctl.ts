// On/off sysctls of the runner's namespace: read directly in our own (no program started), one `sysctl -n` in
// another. What cannot be read counts as off.
import { readFile } from "node:fs/promises";
import type { Runner } from "./exec";

export async function readSysctlFlags(runner: Runner, keys: readonly string[]): Promise<boolean[]> {
  const values = runner.netns
    ? (await runner.run(["sysctl", "-n", ...keys])).stdout.split("\n")
    : await Promise.all(keys.map((key) => readFile(`/proc/sys/${key.replaceAll(".", "/")}`, "utf8").catch(() => "")));
  return keys.map((_, i) => values[i]?.trim() === "1");
}
