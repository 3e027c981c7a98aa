// The sampler's reader on a router: the chosen backend's traffic counters, and the apply epoch from the database.
import { NO_NAMES, render } from "../../netfilter";
import { environment, requireNetwork } from "../passthrough/environment";
import type { RouterOptions } from "../passthrough/types";
import { applyEpoch, loadApplied, loadConfig } from "../settings";
import type { TrafficReader } from "./sampler";

export function kernelTrafficReader(options: RouterOptions = {}): TrafficReader {
  return {
    epoch: applyEpoch,
    async counts() {
      const env = await environment(options);
      const { backend } = env.choice;
      // The dry-run backend counts nothing. The iptables backend finds its rules' counters by the rules' text: the
      // stored config (the applied one: a pending one makes the sampler drop the reading) rendered again.
      if (!backend.traffic) return { counts: {}, keptOverApplies: true };
      const counts = await backend.traffic(() => {
        const stored = loadConfig();
        return render({ network: requireNetwork(stored.network), passthrough: stored.passthrough }, env.capabilities, loadApplied()?.names ?? NO_NAMES).ruleset;
      });
      return { counts, keptOverApplies: backend.keepsCounters === true };
    },
  };
}
