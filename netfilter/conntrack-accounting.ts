// Whether conntrack counts packets and bytes per flow (nf_conntrack_acct) and stamps its start
// (nf_conntrack_timestamp): both off by default, per network namespace, and only for flows created while on.
// Read through the runner, so in the namespace the router's firewall lives in.
import type { Runner } from "./exec";

export type Accounting = { bytes: boolean; age: boolean };

const FILES = ["/proc/sys/net/netfilter/nf_conntrack_acct", "/proc/sys/net/netfilter/nf_conntrack_timestamp"];

export async function readAccounting(runner: Runner): Promise<Accounting> {
  const result = await runner.run(["cat", ...FILES]);
  const [acct, timestamp] = result.stdout.split("\n").map((line) => line.trim() === "1");
  return { bytes: acct ?? false, age: timestamp ?? false };
}
