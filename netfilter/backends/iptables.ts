// The iptables fallback: iptables-restore/ip6tables-restore --noflush replace the LINTAS_* chains (each table
// is one atomic commit), and one jump from each built-in chain leads into them. Scopes are ipsets, filled
// beside the live ones and swapped in just before the rules (swapped back if the rules are refused). The blocked
// attempts' ipsets are created where missing and kept with their pairs (ipset-attempts.ts). Read back with
// iptables-save and ipset save.
import { commandRunner, firstLine, withTempFile, type Runner } from "../exec";
import { iptablesRestore, placementsFor, ruleLines, type IpFamily } from "../iptables";
import { IPSET_PREFIX, ipsetFill, ipsetKeys, ipsetName, ipsetSwap, listedIpsets, savedIpsetKeys, spareName } from "../ipset";
import { attemptIpsetNames, attemptIpsetsCreate, readIpsetAttempts, withoutAttemptTracking } from "../ipset-attempts";
import { saveIpsets } from "../ipset-save";
import type { Ruleset } from "../model";
import { isScopeSetName } from "../scope-sets";
import { readIptablesTraffic } from "../traffic-read";
import { ApplyError, type Backend, type Snapshot } from "./types";

const TOOLS: Record<IpFamily, { restore: string; save: string; cli: string }> = {
  ipv4: { restore: "iptables-restore", save: "iptables-save", cli: "iptables" },
  ipv6: { restore: "ip6tables-restore", save: "ip6tables-save", cli: "ip6tables" },
};
const FAMILIES: IpFamily[] = ["ipv4", "ipv6"];

/** `countsAttempts`: ipset works here (capabilities.ipset); without it the blocked attempts are not recorded. */
export function iptablesBackend(runner: Runner = commandRunner(), { countsAttempts = true } = {}): Backend {
  // Without ipset the rules that record attempts are left out, and so not expected back: the drops stay.
  const own = (ruleset: Ruleset) => (countsAttempts ? ruleset : withoutAttemptTracking(ruleset));

  const restore = (family: IpFamily, input: string, test: boolean) =>
    withTempFile("rules", input, (file) =>
      runner.run([TOOLS[family].restore, ...(test ? ["--test"] : []), "--noflush", file]),
    );

  async function saved(family: IpFamily): Promise<string[]> {
    const result = await runner.run([TOOLS[family].save]);
    if (result.code !== 0) throw new Error(`${TOOLS[family].save} failed: ${firstLine(result.stderr)}`);
    return result.stdout.split("\n");
  }

  /** One jump from each built-in chain into ours: one save to see which are there, an insert for each missing. */
  async function ensureJumps(family: IpFamily) {
    const lines = await saved(family);
    for (const p of placementsFor(family)) {
      if (lines.includes(`-A ${p.builtin} -j ${p.chain}`)) continue;
      const insert = await runner.run([TOOLS[family].cli, "-t", p.table, "-I", p.builtin, "1", "-j", p.chain]);
      if (insert.code !== 0) throw new ApplyError({ kind: "hook", chain: p.chain, builtin: p.builtin, kernel: firstLine(insert.stderr) });
    }
  }

  const ipsetRestore = async (input: string) => {
    const result = await withTempFile("sets", input, (file) => runner.run(["ipset", "-exist", "-file", file, "restore"]));
    if (result.code !== 0) throw new ApplyError({ kind: "ruleset", tool: "ipset", kernel: firstLine(result.stderr) });
  };

  /** Lintas's ipsets present now; none where ipset is not installed (then no scope was ever applied here). */
  async function presentIpsets(): Promise<string[]> {
    const result = await runner.run(["ipset", "list", "-n"]);
    return result.code === 0 ? listedIpsets(result.stdout) : [];
  }

  /** Destroys those of Lintas's ipsets present now that `doomed` picks. */
  async function destroyIpsets(doomed: (name: string) => boolean): Promise<void> {
    const names = (await presentIpsets()).filter(doomed);
    if (names.length > 0) await ipsetRestore(names.map((name) => `destroy ${name}\n`).join(""));
  }

  /** Both families' rules, IPv6 checked first: if IPv4's restore is refused nothing has changed yet. */
  async function restoreRules(ruleset: Ruleset): Promise<void> {
    const test = await restore("ipv6", iptablesRestore(ruleset, "ipv6"), true);
    if (test.code !== 0) throw new ApplyError({ kind: "ruleset", tool: TOOLS.ipv6.restore, kernel: firstLine(test.stderr) });
    for (const family of FAMILIES) {
      const result = await restore(family, iptablesRestore(ruleset, family), false);
      if (result.code !== 0) throw new ApplyError({ kind: "ruleset", tool: TOOLS[family].restore, kernel: firstLine(result.stderr) });
      await ensureJumps(family);
    }
  }

  async function savedLines(family: IpFamily): Promise<string[] | undefined> {
    const lines = await saved(family);
    const hooked = placementsFor(family).every(
      (p) => lines.includes(`:${p.chain} - [0:0]`) && lines.includes(`-A ${p.builtin} -j ${p.chain}`),
    );
    return hooked ? lines.filter((l) => l.startsWith("-A LINTAS_") || / -j LINTAS_\w+$/.test(l)) : undefined;
  }

  return {
    name: "iptables",

    // Each restore is one atomic commit, but the two families are two commits. Only IPv6 needs a --test first:
    // if IPv4's restore is refused nothing has changed yet; IPv6's must not be refused once IPv4's went in.
    // The sets are filled before (a refused fill changes nothing) and swapped in at the last moment.
    async apply(wanted) {
      const ruleset = own(wanted);
      const sets = ruleset.sets ?? [];
      const attempts = ruleset.attempts ?? [];
      const spares = new Set(sets.map((set) => spareName(set.name)));
      try {
        if (attempts.length > 0) await ipsetRestore(attemptIpsetsCreate(attempts));
        if (sets.length > 0) {
          await ipsetRestore(ipsetFill(sets));
          await ipsetRestore(ipsetSwap(sets));
        }
        try {
          await restoreRules(ruleset);
        } catch (error) {
          // The spares hold what the old rules matched: swap it back.
          if (sets.length > 0) await ipsetRestore(ipsetSwap(sets));
          throw error;
        }
      } catch (error) {
        await destroyIpsets((name) => spares.has(name));
        throw error;
      }
      // The spares, and the sets of scopes gone and of attempts no longer counted, which no rule references any more.
      const live = new Set([...sets.map((set) => ipsetName(set.name)), ...attempts.flatMap(attemptIpsetNames)]);
      await destroyIpsets((name) => !live.has(name));
    },

    async read(): Promise<Snapshot> {
      const keys: string[] = [];
      const listing: string[] = [];
      let present = true;
      for (const family of FAMILIES) {
        const lines = await savedLines(family);
        if (!lines) {
          present = false;
          continue;
        }
        listing.push(`# ${family}`, ...lines);
        keys.push(...lines.filter((l) => l.startsWith("-A LINTAS_")).map((l) => `${family} ${withoutComment(l)}`));
      }
      // The scope sets only: the attempt sets' elements are the kernel's tally, not what was applied (and many).
      const saved = await saveIpsets(runner, (name) => isScopeSetName(name.slice(IPSET_PREFIX.length)));
      if (saved.code !== 0 || saved.stderr) throw new Error(`ipset save failed: ${firstLine(saved.stderr)}`);
      if (saved.stdout) {
        keys.push(...savedIpsetKeys(saved.stdout));
        listing.push("# ipset", saved.stdout.trimEnd());
      }
      return { present, keys, listing: listing.join("\n") + "\n" };
    },

    traffic: (applied) => readIptablesTraffic(runner, own(applied())),
    ...(countsAttempts && { attempts: () => readIpsetAttempts(runner) }),

    keys: (wanted) => {
      const ruleset = own(wanted);
      return [
        ...FAMILIES.flatMap((family) =>
          ruleset.rules.flatMap((rule) => ruleLines(rule, family)).map((l) => `${family} ${withoutComment(l)}`),
        ),
        ...ipsetKeys(ruleset.sets ?? []),
      ];
    },
    text: (wanted) => {
      const ruleset = own(wanted);
      return [
        ...(ruleset.attempts?.length ? [`# ipset -exist restore (the attempt sets that are missing)\n${attemptIpsetsCreate(ruleset.attempts)}`] : []),
        ...(ruleset.sets?.length ? [`# ipset -exist restore (then each spare swapped in)\n${ipsetFill(ruleset.sets)}`] : []),
        ...FAMILIES.map((f) => `# ${TOOLS[f].restore} --noflush\n${iptablesRestore(ruleset, f)}`),
      ].join("\n");
    },

    async remove() {
      for (const family of FAMILIES) {
        const { cli } = TOOLS[family];
        const lines = await saved(family);
        for (const p of placementsFor(family)) {
          // Only chains that exist: iptables-nft would create a table (and its base chains) just to find nothing.
          if (!lines.includes(`:${p.chain} - [0:0]`)) continue;
          await runner.run([cli, "-t", p.table, "-D", p.builtin, "-j", p.chain]);
          await runner.run([cli, "-t", p.table, "-F", p.chain]);
          await runner.run([cli, "-t", p.table, "-X", p.chain]);
        }
      }
      await destroyIpsets(() => true);
    },
  };
}

const withoutComment = (line: string) => line.replace(/ -m comment --comment ("(?:[^"\\]|\\.)*"|\S+)/, "");
