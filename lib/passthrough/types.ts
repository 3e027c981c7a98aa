import type { Actor } from "../audit";
import type { HostLookup } from "./scope-names";
import type { Warning } from "../errors";
import type { BackendName, Capabilities, HostReport, KernelStatus, LintasConfig, PassthroughChanges, ProtocolEffect, ProtocolId, Runner, TrafficVerdict } from "../../netfilter";

/**
 * `actor` is who asked, for the audit log (the CLI when absent). `cutFlowsAfter`: an apply's cut of open flows
 * waits for it (the panel passes its answer being sent, so the cut does not slow the answer); default: at once.
 * `lookupHost`: how scopes' host names are resolved (default: the system resolver).
 * `now`: the clock deadlines are set and judged by, in ms since the epoch (default Date.now; tests inject one).
 */
export type RouterOptions = { runner?: Runner; backend?: BackendName; actor?: Actor; cutFlowsAfter?: Promise<unknown>; lookupHost?: HostLookup; now?: () => number };

/** What one run of the pipeline did, with the kernel read back after it: what the page and the CLI show. */
export type ApplyReport = {
  backend: BackendName;
  backendReason: string;
  capabilities: Capabilities;
  /** The config now stored and applied. */
  config: LintasConfig;
  effects: Record<ProtocolId, ProtocolEffect>;
  /** The kernel read back after the apply (verify). */
  kernel: KernelStatus;
  /** The host firewall beside Lintas, judged after Lintas's openings were applied; absent for the dry-run backend. */
  host?: HostReport;
  /** What each protocol's traffic now meets through every firewall on the forward path, Lintas's included. */
  traffic: Record<ProtocolId, TrafficVerdict>;
  /** The openings this apply added to and removed from the host firewall (as the owner's tool is told). */
  openings: { added: string[]; removed: string[] };
  /** Protocols whose open flows are cut because their switch changed. */
  cut: ProtocolId[];
  /** How many conntrack entries were deleted: the cut runs beside the read-back or after it, under the apply lock. */
  flowsCut: Promise<number>;
  warnings: Warning[];
  /** Milliseconds per stage, measured inside the service. */
  timings: { planMs: number; applyMs: number; verifyMs: number; hostMs: number; totalMs: number };
};

export type { PassthroughChanges };
