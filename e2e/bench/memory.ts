// Resident memory of the panel server process itself (not its helpers, e.g. the watcher's `nft monitor`), from
// /proc/PID/status.
import { readFileSync } from "node:fs";

function statusMiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (!kb) throw new Error(`process ${pid} has no ${field} (gone?)`);
  return Number(kb) / 1024;
}

/** Current resident memory, MiB. */
export const rssMiB = (pid: number) => statusMiB(pid, "VmRSS");

/** The largest resident memory the process ever had (the kernel's high-water mark), MiB. */
export const peakRssMiB = (pid: number) => statusMiB(pid, "VmHWM");
