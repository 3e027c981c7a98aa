// Reads the host's forward-path firewall: the whole ruleset from nft once, the save text of iptables-nft tables
// nft cannot print (only when there are such tables), and the legacy x_tables where they hold any.
import { readFile } from "node:fs/promises";
import { firstLine, type Runner } from "../exec";
import type { NftListing } from "../nft";
import type { HostRuleset, IpFamily } from "./model";
import { parseNftRuleset } from "./nft-json";
import { familiesNeedingSave, foreignRuleset, hostRuleset, type HostListing } from "./snapshot";

/**
 * `ruleset`: the host firewall without Lintas; `whole`: every table, Lintas's own included (what traffic meets);
 * `listing`: nft's whole ruleset as read (the nftables backend's read-back uses it).
 */
export type HostRead = { ok: true; ruleset: HostRuleset; whole: HostRuleset; listing?: NftListing } | { ok: false; reason: string };

const SAVE: Record<IpFamily, { nft: string; legacy: string }> = {
  ipv4: { nft: "iptables-save", legacy: "iptables-legacy-save" },
  ipv6: { nft: "ip6tables-save", legacy: "ip6tables-legacy-save" },
};
const FAMILIES: IpFamily[] = ["ipv4", "ipv6"];

/** The host firewall without Lintas's own table and chains (its openings in the host's chains included). */
export async function readHost(runner: Runner): Promise<HostRead> {
  const [listing, ...legacy] = await Promise.all([runner.run(["nft", "-j", "list", "ruleset"]), ...FAMILIES.map((family) => readLegacy(runner, family))]);
  if (listing!.code !== 0) return { ok: false, reason: `nft -j list ruleset failed: ${firstLine(listing!.stderr)}` };
  let nft: HostListing["nft"];
  try {
    nft = JSON.parse(listing!.stdout) as HostListing["nft"];
  } catch (error) {
    return { ok: false, reason: `nft -j list ruleset printed no JSON: ${(error as Error).message}` };
  }
  const nftTables = parseNftRuleset(nft);
  const needed = familiesNeedingSave(nftTables);
  const saves = await Promise.all(needed.map((family) => runner.run([SAVE[family].nft])));
  const iptablesSave: HostListing["iptablesSave"] = {};
  needed.forEach((family, i) => {
    if (saves[i]!.code === 0) iptablesSave[family] = saves[i]!.stdout;
  });
  // A missing iptables-legacy (or a kernel without x_tables) lists nothing: there is no legacy firewall then.
  const legacySave: HostListing["legacySave"] = {};
  FAMILIES.forEach((family, i) => {
    if (legacy[i]) legacySave[family] = legacy[i];
  });
  const whole = hostRuleset({ nft, iptablesSave, legacySave }, nftTables);
  return { ok: true, ruleset: foreignRuleset(whole), whole, listing: nft };
}

/**
 * The legacy x_tables of a family, or undefined when there are none. In our own namespace the kernel's list of
 * legacy table names says so without starting iptables-legacy-save (empty or absent: none, the usual case).
 */
async function readLegacy(runner: Runner, family: IpFamily): Promise<string | undefined> {
  if (!runner.netns) {
    // Literal paths: a computed one makes the panel's bundler trace the whole project.
    const names = await (family === "ipv4" ? readFile("/proc/net/ip_tables_names", "utf8") : readFile("/proc/net/ip6_tables_names", "utf8")).catch(() => "");
    if (names.trim() === "") return undefined;
  }
  const result = await runner.run([SAVE[family].legacy]);
  return result.code === 0 && result.stdout.includes("*") ? result.stdout : undefined;
}
