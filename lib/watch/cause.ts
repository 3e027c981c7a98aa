// Why the watcher looks again, gathered from `nft monitor` between two looks: which processes changed the
// ruleset, and whether they removed or changed Lintas's own table. Only words for the audit: whether anything is
// repaired is decided by comparing the stored config with the kernel.
import type { Generation, MonitorEvent, RulesetChange } from "../../netfilter/monitor";
import type { RepairCause } from "../passthrough/repair";

type Process = { pid?: number; process?: string };

export class CauseCollector {
  /** Changes of the transaction still open (its generation line has not come yet). */
  private open: RulesetChange[] = [];
  private touched?: { target: string; change: "removed" | "changed"; by: Process[] };
  private others: Process[] = [];

  /** True when a change has been seen since the last take. */
  get pending(): boolean {
    return this.open.length > 0 || this.touched !== undefined || this.others.length > 0;
  }

  add(event: MonitorEvent): void {
    if (event.kind === "change") this.open.push(event.change);
    else this.close(processOf(event.generation));
  }

  /** The cause of the changes seen since the last take (or `fallback` when none were), and starts afresh. */
  take(fallback: "start" | "poll"): RepairCause {
    if (this.open.length) this.close({});
    const cause: RepairCause = this.touched
      ? { trigger: "ruleset", ...this.touched, ...named(this.touched.by) }
      : this.others.length
        ? { trigger: "ruleset", ...named(this.others) }
        : { trigger: fallback };
    this.touched = undefined;
    this.others = [];
    return cause;
  }

  private close(by: Process): void {
    const ours = this.open.filter((c) => c.ours);
    if (ours.length) {
      // The transaction's last word on the table itself: a flush deletes it, a replace deletes and adds it.
      const table = ours.filter((c) => c.object === "table").at(-1);
      const change = table?.verb === "delete" ? "removed" : "changed";
      const target = `table ${ours[0]!.family} ${ours[0]!.table}`;
      const earlier = this.touched?.by ?? [];
      this.touched = { target, change, by: addProcess(earlier, by) };
    } else if (this.open.length) {
      this.others = addProcess(this.others, by);
    }
    this.open = [];
  }
}

/** A ufw reload is one iptables process per rule: the first few are named, the rest counted. */
const NAMED_PROCESSES = 5;
function named(by: Process[]): { by: Process[]; more?: number } {
  return by.length > NAMED_PROCESSES ? { by: by.slice(0, NAMED_PROCESSES), more: by.length - NAMED_PROCESSES } : { by };
}

const processOf = ({ pid, process }: Generation): Process => (pid === undefined ? {} : { pid, process });

function addProcess(list: Process[], process: Process): Process[] {
  return list.some((p) => p.pid === process.pid && p.process === process.process) ? list : [...list, process];
}
