import type { Actor } from "../audit";
import type { Warning } from "../errors";
import type { BackendName, PassthroughChanges, ProtocolEffect, ProtocolId, Runner } from "../../netfilter";

/** `actor` is who asked, for the audit log (the CLI when absent). */
export type RouterOptions = { runner?: Runner; backend?: BackendName; actor?: Actor };

export type ApplyReport = {
  backend: BackendName;
  backendReason: string;
  effects: Record<ProtocolId, ProtocolEffect>;
  /** Protocols whose open flows were cut because their switch changed. */
  cut: ProtocolId[];
  flowsDeleted: number;
  warnings: Warning[];
};

export type { PassthroughChanges };
