import type { Attempt } from "../attempts";
import type { Rule, Ruleset } from "../model";
import type { NftListing } from "../nft";
import type { TrafficCounts } from "../traffic-read";
import type { RunResult } from "../exec";

export const BACKEND_NAMES = ["nftables", "iptables", "dry-run"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What a backend found installed: semantic keys (rules without their comments), and a listing for humans when asked. */
export type Snapshot = {
  present: boolean;
  keys: string[];
  listing?: string;
  /** The named counters' values (nftables: what scopes dropped), by counter name. */
  counters?: Record<string, CounterValue>;
};
export type CounterValue = { packets: number; bytes: number };
/** The listing of the installed table's objects, read before an apply (nftables: what it keeps). */
export type Carried = RunResult;

export type Backend = {
  name: BackendName;
  /**
   * Replaces Lintas's rules with `ruleset` in one transaction, or throws ApplyError and changes nothing. `carried`:
   * what of the installed table the replace keeps (readCarried's answer), when the caller started that read early.
   */
  apply(ruleset: Ruleset, carried?: Promise<Carried>): Promise<void>;
  /** nftables: reads the installed table's objects (what an apply keeps and deletes), so a caller can start it beside its planning. */
  readCarried?(): Promise<Carried>;
  /** Reads back what is installed now; the listing only when asked (for nftables it costs a second `nft`). */
  read(options?: { listing?: boolean }): Promise<Snapshot>;
  /** nftables only: the snapshot `read` would give, taken from a whole-ruleset listing already read. */
  snapshotIn?(listing: NftListing): Snapshot;
  /** Each protocol's passed traffic, read from the counters (absent: not counted, dry-run). Since the last apply unless
   *  `keepsCounters`.
   *  `applied` renders the ruleset in place, for a backend whose counters belong to rules rather than names. */
  traffic?(applied: () => Ruleset): Promise<TrafficCounts>;
  /** An apply keeps the traffic counters' values (nftables updates its table in place; iptables restores at zero). */
  keepsCounters?: boolean;
  /**
   * Who tried what is blocked, and how often (attempts.ts); none where nothing is applied (dry-run). Absent where
   * they are not counted (iptables without ipset).
   */
  attempts?(): Promise<Attempt[]>;
  /** The keys `read` would report for a ruleset (or part of one) installed by this backend. */
  keys(ruleset: Ruleset): string[];
  /** The backend's own syntax of a ruleset, as `lintas render` prints it. */
  text(ruleset: Ruleset): string;
  /** Removes every Lintas rule. */
  remove(): Promise<void>;
};

/**
 * Why an apply was refused, as data: lib/i18n words each kind in the reader's language (`apply.refused.<kind>`).
 * `kernel` is the kernel's or the tool's own first line of complaint, quoted as it came.
 */
export type ApplyRefusal =
  | { kind: "helper"; helpers: string; kernel: string }
  | { kind: "rule"; switch: string; comment: string; kernel: string }
  | { kind: "ruleset"; tool: string; kernel: string }
  | { kind: "hook"; chain: string; builtin: string; kernel: string }
  | { kind: "remove"; table: string; kernel: string }
  | { kind: "backend"; backend: BackendName; reason: string };

/** An apply the kernel refused, naming the switch behind the refused rule. The message is for logs. */
export class ApplyError extends Error {
  constructor(
    readonly refusal: ApplyRefusal,
    readonly rule?: Rule,
  ) {
    super(logLine(refusal));
    this.name = "ApplyError";
  }
}

function logLine(refusal: ApplyRefusal): string {
  const { kind, ...fields } = refusal;
  return `${kind} refused: ${JSON.stringify(fields)}`;
}
