// Reads the host's forward-path firewall: the whole ruleset from nft once, the save text of iptables-nft tables
// nft cannot print (only when there are such tables), and the legacy x_tables where they hold any.
import { firstLine, type Runner } from "../exec";
import type { HostRuleset, IpFamily } from "./model";
import { familiesNeedingSave, foreignRuleset, hostRuleset, type HostListing } from "./snapshot";

export type HostRead = { ok: true; ruleset: HostRuleset } | { ok: false; reason: string };

const SAVE: Record<IpFamily, { nft: string; legacy: string }> = {
  ipv4: { nft: "iptables-save", legacy: "iptables-legacy-save" },
  ipv6: { nft: "ip6tables-save", legacy: "ip6tables-legacy-save" },
};
const FAMILIES: IpFamily[] = ["ipv4", "ipv6"];

/** The host firewall without Lintas's own table and chains (its openings in the host's chains included). */
export async function readHost(runner: Runner): Promise<HostRead> {
  const [listing, ...legacy] = await Promise.all([
    runner.run(["nft", "-j", "list", "ruleset"]),
    ...FAMILIES.map((family) => runner.run([SAVE[family].legacy])),
  ]);
  if (listing!.code !== 0) return { ok: false, reason: `nft -j list ruleset failed: ${firstLine(listing!.stderr)}` };
  let nft: HostListing["nft"];
  try {
    nft = JSON.parse(listing!.stdout) as HostListing["nft"];
  } catch (error) {
    return { ok: false, reason: `nft -j list ruleset printed no JSON: ${(error as Error).message}` };
  }
  const needed = familiesNeedingSave(nft);
  const saves = await Promise.all(needed.map((family) => runner.run([SAVE[family].nft])));
  const iptablesSave: HostListing["iptablesSave"] = {};
  needed.forEach((family, i) => {
    if (saves[i]!.code === 0) iptablesSave[family] = saves[i]!.stdout;
  });
  // A missing iptables-legacy (or a kernel without x_tables) lists nothing: there is no legacy firewall then.
  const legacySave: HostListing["legacySave"] = {};
  FAMILIES.forEach((family, i) => {
    if (legacy[i]!.code === 0 && legacy[i]!.stdout.includes("*")) legacySave[family] = legacy[i]!.stdout;
  });
  return { ok: true, ruleset: foreignRuleset(hostRuleset({ nft, iptablesSave, legacySave })) };
}
