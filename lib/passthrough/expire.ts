// Switches whose deadline has passed are turned off here, through the one pipeline under the apply lock: the
// watcher calls it at each deadline and at its start (a deadline that passed while no watcher ran), and a
// re-apply of the stored config (`lintas apply` at boot) turns them off in the same apply.
import { dueSwitches, switchedOff, type Network, type ProtocolId } from "../../netfilter";
import { withApplyLock } from "../apply-lock";
import { loadConfig, type StoredConfig } from "../settings";
import { applyPipeline, reconcilePending, type ApplyRequest } from "./pipeline";
import type { ApplyReport, RouterOptions } from "./types";

type Expired = { protocol: ProtocolId; seconds: number }[];

/** The apply that turns off the stored switches due at `now` (ms); undefined when none is. */
export function expiryRequest(stored: StoredConfig, network: Network, now: number): (ApplyRequest & { expired: Expired }) | undefined {
  const due = dueSwitches(stored.passthrough, now);
  if (due.length === 0) return undefined;
  const expired = due.map((protocol) => ({ protocol, seconds: stored.passthrough[protocol].expiry!.seconds }));
  return { desired: { network, passthrough: switchedOff(stored.passthrough, due) }, previous: stored, interfacesMustExist: false, expired };
}

/** Turns off every switch that is due at `options.now()`; undefined when none is. Their open flows are cut. */
export function expireDue(options: RouterOptions = {}): Promise<{ expired: Expired; report: ApplyReport } | undefined> {
  return withApplyLock(
    async () => {
      await reconcilePending(options);
      const stored = loadConfig();
      const request = stored.network && expiryRequest(stored, stored.network, (options.now ?? Date.now)());
      return request && { expired: request.expired, report: await applyPipeline(request, options) };
    },
    (done) => done?.report.flowsCut ?? Promise.resolve(),
  );
}
