import type { Rule, Ruleset } from "../model";

export const BACKEND_NAMES = ["nftables", "iptables", "dry-run"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What a backend found installed: semantic keys (rules without their comments) and a listing for humans. */
export type Snapshot = {
  present: boolean;
  keys: string[];
  listing: string;
};

export type Backend = {
  name: BackendName;
  /** Replaces Lintas's rules with `ruleset` in one transaction, or throws ApplyError and changes nothing. */
  apply(ruleset: Ruleset): Promise<void>;
  /** Reads back what is installed now. */
  read(): Promise<Snapshot>;
  /** The keys `read` would report for a ruleset (or part of one) installed by this backend. */
  keys(ruleset: Ruleset): string[];
  /** The backend's own syntax of a ruleset, as `lintas render` prints it. */
  text(ruleset: Ruleset): string;
  /** Removes every Lintas rule. */
  remove(): Promise<void>;
};

/** An apply the kernel refused, in words that name the switch behind the refused rule. */
export class ApplyError extends Error {
  constructor(
    message: string,
    readonly rule?: Rule,
  ) {
    super(message);
    this.name = "ApplyError";
  }
}
