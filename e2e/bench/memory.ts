// Resident memory of a process and its descendants (a server may start workers), from /proc.
import { readdirSync, readFileSync } from "node:fs";

const MiB = 1024 * 1024;

/** A memory field of /proc/PID/status in bytes; 0 for a process that has ended meanwhile. */
function statusField(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/PID/stat, after the parenthesised command name (which may hold spaces).
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").replace(/^.*\) /s, "").split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const all: number[] = [];
  const visit = (p: number) => {
    all.push(p);
    for (const child of parents.get(p) ?? []) visit(child);
  };
  visit(pid);
  return all;
}

/** Current resident memory of the tree, MiB. */
export function rssMiB(pid: number): number {
  return descendants(pid).reduce((sum, p) => sum + statusField(p, "VmRSS"), 0) / MiB;
}

/** The largest resident memory the process itself ever had (the kernel's high-water mark), MiB. */
export function peakRssMiB(pid: number): number {
  return statusField(pid, "VmHWM") / MiB;
}
