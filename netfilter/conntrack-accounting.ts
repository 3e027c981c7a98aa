// Whether conntrack counts packets and bytes per flow (nf_conntrack_acct) and stamps its start
// (nf_conntrack_timestamp): both off by default, per network namespace, and only for flows created while on.
// Read in the runner's namespace, the one the router's firewall lives in.
import type { Runner } from "./exec";
import { readSysctlFlags } from "./sysctl";

export type Accounting = { bytes: boolean; age: boolean };

export async function readAccounting(runner: Runner): Promise<Accounting> {
  const [bytes, age] = await readSysctlFlags(runner, ["net.netfilter.nf_conntrack_acct", "net.netfilter.nf_conntrack_timestamp"]);
  return { bytes: bytes!, age: age! };
}
