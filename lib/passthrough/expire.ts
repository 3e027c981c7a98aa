// Switches whose deadline has passed are turned off here, through the one pipeline under the apply lock: the
// watcher calls it at each deadline and at its start (a deadline that passed while no watcher ran).
import { dueSwitches, switchedOff, type ProtocolId } from "../../netfilter";
import { withApplyLock } from "../apply-lock";
import { loadConfig } from "../settings";
import { applyPipeline, reconcilePending } from "./pipeline";
import type { ApplyReport, RouterOptions } from "./types";

/** The switches turned off, with the time each had been given (seconds), and the apply that did it. */
type Expired = { expired: { protocol: ProtocolId; seconds: number }[]; report: ApplyReport };

/** Turns off every switch that is due at `options.now()`; undefined when none is. Their open flows are cut. */
export function expireDue(options: RouterOptions = {}): Promise<Expired | undefined> {
  return withApplyLock(
    async () => {
      await reconcilePending(options);
      const stored = loadConfig();
      const due = dueSwitches(stored.passthrough, (options.now ?? Date.now)());
      if (due.length === 0 || !stored.network) return undefined;
      const expired = due.map((protocol) => ({ protocol, seconds: stored.passthrough[protocol].expiry!.seconds }));
      const desired = { network: stored.network, passthrough: switchedOff(stored.passthrough, due) };
      return { expired, report: await applyPipeline({ desired, previous: stored, interfacesMustExist: false, expired }, options) };
    },
    (done) => done?.report.flowsCut ?? Promise.resolve(),
  );
}
