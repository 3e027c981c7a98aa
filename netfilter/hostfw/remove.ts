// Taking every Lintas opening out of the host firewall (`lintas uninstall`), whatever config made it: rules known
// by their "lintas: " comment, ufw route rules by the comment ufw keeps in its own files, firewalld policies by
// their lintas- name, at runtime and in the permanent config.
import type { Runner } from "../exec";
import { applyOpenings, syncFirewalld, syncUfw, type OpeningFailure } from "./apply";
import { FIREWALLD_POLICY_PREFIX, presentOpenings } from "./openings";
import { ownerOf } from "./owners";
import { readHost } from "./read";

/** `removed`: how many rules came out of iptables and nft tables (ufw and firewalld say what they removed themselves). */
export type OpeningsRemoved = { removed: number; failures: OpeningFailure[] } | { unreadable: string };

export async function removeAllOpenings(runner: Runner): Promise<OpeningsRemoved> {
  const host = await readHost(runner);
  if (!host.ok) return { unreadable: host.reason };
  const owners = new Set(host.ruleset.tables.map(ownerOf));
  // ufw's and firewalld's are found by their own listings below (ufw keeps its comments out of the kernel).
  const present = presentOpenings(host.ruleset).openings.filter((o) => o.owner !== "firewalld" && o.owner !== "ufw");
  const { failures } = await applyOpenings(runner, { add: [], remove: present });
  if (owners.has("ufw")) failures.push(...(await syncUfw(runner, [], "all")));
  if (owners.has("firewalld")) {
    const listed = await Promise.all([runner.run(["firewall-cmd", "--get-policies"]), runner.run(["firewall-cmd", "--permanent", "--get-policies"])]);
    const policies = new Set(listed.flatMap((r) => r.stdout.trim().split(/\s+/)).filter((p) => p.startsWith(FIREWALLD_POLICY_PREFIX)));
    failures.push(...(await syncFirewalld(runner, [], [...policies].map((policy) => ({ policy })))).failures);
  }
  return { removed: present.length, failures };
}
