// Taking every Lintas opening out of the host firewall (`lintas uninstall`), whatever config made it: rules known
// by their "lintas: " comment, ufw route rules by the comment ufw keeps in its own files, firewalld policies by
// their lintas- name, at runtime and in the permanent config.
import type { Runner } from "../exec";
import { applyOpenings, syncFirewalld, syncUfw, type OpeningFailure } from "./apply";
import { FIREWALLD_POLICY_PREFIX, presentOpenings } from "./openings";
import { ownerOf } from "./owners";
import { readHost } from "./read";

export type OpeningsRemoved = { removed: number; failures: OpeningFailure[] } | { unreadable: string };

export async function removeAllOpenings(runner: Runner): Promise<OpeningsRemoved> {
  const host = await readHost(runner);
  if (!host.ok) return { unreadable: host.reason };
  const owners = new Set(host.ruleset.tables.map(ownerOf));
  // No interfaces: ufw's commentless kernel rules are not guessed at; its own listing names Lintas's.
  const present = presentOpenings(host.ruleset, { lanInterfaces: [], wanInterface: "" }).openings.filter((o) => o.owner !== "firewalld");
  const { failures } = await applyOpenings(runner, { add: [], remove: present });
  if (owners.has("ufw")) failures.push(...(await syncUfw(runner, [], "all")));
  if (owners.has("firewalld")) {
    const listed = await Promise.all([runner.run(["firewall-cmd", "--get-policies"]), runner.run(["firewall-cmd", "--permanent", "--get-policies"])]);
    const policies = new Set(listed.flatMap((r) => r.stdout.trim().split(/\s+/)).filter((p) => p.startsWith(FIREWALLD_POLICY_PREFIX)));
    failures.push(...(await syncFirewalld(runner, [], [...policies].map((policy) => ({ policy })))).failures);
  }
  return { removed: present.length, failures };
}
