// Carries out opening changes through each owner's own tool: one iptables-restore per iptables table, one nft
// batch per nft table (both atomic), ufw route rules, firewalld policies (runtime and permanent). A failure is
// reported per owner, never thrown: Lintas's own table is already in, and the read-back says what passes.
import { firstLine, withTempFile, type Runner } from "../exec";
import type {
  FirewalldOpening,
  IptablesOpening,
  NftOpening,
  Opening,
  OpeningChanges,
  UfwOpening,
} from "./openings";
import { OPENING_COMMENT, ufwWords } from "./openings";

export type OpeningFailure = { owner: Opening["owner"]; what: string; error: string };
export type OpeningsApplied = { failures: OpeningFailure[]; /** firewalld reloaded: it flushed the iptables tables. */ reloaded: boolean };

export async function applyOpenings(runner: Runner, changes: OpeningChanges): Promise<OpeningsApplied> {
  const failures: OpeningFailure[] = [];
  const of = <O extends Opening>(owners: Opening["owner"][], list: Opening[]) => list.filter((o): o is O => owners.includes(o.owner));
  const iptables = ["docker", "iptables"] as Opening["owner"][];
  const nft = ["nftables", "fw4"] as Opening["owner"][];

  for (const [group, list] of groups([...of<IptablesOpening>(iptables, changes.remove), ...of<IptablesOpening>(iptables, changes.add)], iptablesGroup)) {
    const removes = list.filter((o) => changes.remove.includes(o));
    const adds = list.filter((o) => changes.add.includes(o));
    const failure = await restoreIptables(runner, removes, adds);
    if (failure) failures.push({ owner: list[0]!.owner, what: group, error: failure });
  }
  for (const [group, list] of groups([...of<NftOpening>(nft, changes.remove), ...of<NftOpening>(nft, changes.add)], nftGroup)) {
    const failure = await nftBatch(runner, list.filter((o) => changes.remove.includes(o)), list.filter((o) => changes.add.includes(o)));
    if (failure) failures.push({ owner: list[0]!.owner, what: group, error: failure });
  }
  failures.push(...(await syncUfw(runner, of<UfwOpening>(["ufw"], changes.add), of<UfwOpening>(["ufw"], changes.remove))));
  const firewalld = await syncFirewalld(runner, of<FirewalldOpening>(["firewalld"], changes.add), of<FirewalldOpening>(["firewalld"], changes.remove));
  failures.push(...firewalld.failures);
  return { failures, reloaded: firewalld.reloaded };
}

function groups<O>(list: O[], keyOf: (o: O) => string): Map<string, O[]> {
  const map = new Map<string, O[]>();
  for (const o of list) map.set(keyOf(o), [...(map.get(keyOf(o)) ?? []), o]);
  return map;
}

const iptablesGroup = (o: IptablesOpening) => `${o.source} ${o.family} ${o.table}`;
const nftGroup = (o: NftOpening) => `${o.family} ${o.table}`;

// ---- iptables: one --noflush restore per table, deletes then inserts at the top ----

async function restoreIptables(runner: Runner, removes: IptablesOpening[], adds: IptablesOpening[]): Promise<string | undefined> {
  const { family, source, table } = (removes[0] ?? adds[0])!;
  const tool = `${family === "ipv6" ? "ip6tables" : "iptables"}${source === "iptables-legacy" ? "-legacy" : ""}-restore`;
  // Inserted at position 1 one after the other: the last one inserted ends up first, so insert in reverse.
  const lines = [`*${table}`, ...removes.map((o) => `-D ${o.chain} ${o.rule}`), ...adds.toReversed().map((o) => `-I ${o.chain} 1 ${o.rule}`), "COMMIT", ""];
  const result = await withTempFile("openings.rules", lines.join("\n"), (file) => runner.run([tool, "--noflush", file]));
  return result.code === 0 ? undefined : `${tool}: ${firstLine(result.stderr)}`;
}

// ---- nft: one batch per table, deletes by handle then inserts at the top of the chain ----

async function nftBatch(runner: Runner, removes: NftOpening[], adds: NftOpening[]): Promise<string | undefined> {
  const commands = [
    ...removes.map((o) => ({ delete: { rule: { family: o.family, table: o.table, chain: o.chain, handle: o.handle } } })),
    ...adds.toReversed().map((o) => ({ insert: { rule: { family: o.family, table: o.table, chain: o.chain, expr: o.expr, comment: o.comment } } })),
  ];
  const result = await withTempFile("openings.json", JSON.stringify({ nftables: commands }), (file) => runner.run(["nft", "-j", "-f", file]));
  return result.code === 0 ? undefined : `nft: ${firstLine(result.stderr)}`;
}

// ---- ufw: route rules; one is removed only when ufw's own listing shows Lintas's comment on it ----

/** `removes: "all"` takes out every route rule that carries Lintas's comment (uninstall, no config needed). */
export async function syncUfw(runner: Runner, adds: UfwOpening[], removes: UfwOpening[] | "all"): Promise<OpeningFailure[]> {
  const failures: OpeningFailure[] = [];
  const ufw = async (words: string[]) => {
    const result = await runner.run(["ufw", ...words]);
    if (result.code !== 0) failures.push({ owner: "ufw", what: `ufw ${words.join(" ")}`, error: firstLine(result.stderr || result.stdout) });
  };
  if (removes.length > 0) {
    const listed = await runner.run(["ufw", "show", "added"]);
    const ours = listed.stdout.split("\n").filter((line) => line.startsWith("ufw route allow ") && line.includes(` comment '${OPENING_COMMENT}`));
    // `route delete` takes the rule's words without its comment.
    const deletes =
      removes === "all"
        ? ours.map((line) => line.slice("ufw route ".length, line.indexOf(" comment '")).split(" "))
        : removes.filter((o) => ours.some((line) => sameUfwRule(line, o))).map((o) => ufwWords(o).slice(1, ufwWords(o).indexOf("comment")));
    for (const words of deletes) await ufw(["route", "delete", ...words]);
  }
  for (const opening of adds) await ufw(ufwWords(opening));
  return failures;
}

/** A `ufw show added` line (ufw orders the words its own way: `to any port 500 proto udp`) is this opening. */
function sameUfwRule(line: string, opening: UfwOpening): boolean {
  const m = opening.match;
  const has = (words: string) => ` ${line} `.includes(` ${words} `);
  return (
    has(`route allow in on ${opening.lan} out on ${opening.wan}`) &&
    has(`proto ${m.l4proto}`) &&
    ("port" in m ? has(`port ${m.port}`) : !/ port \d/.test(line))
  );
}

// ---- firewalld: one policy per protocol, kept the same at runtime and in the permanent config ----

export async function syncFirewalld(
  runner: Runner,
  adds: FirewalldOpening[],
  removes: Pick<FirewalldOpening, "policy">[],
): Promise<{ failures: OpeningFailure[]; reloaded: boolean }> {
  const failures: OpeningFailure[] = [];
  if (adds.length === 0 && removes.length === 0) return { failures, reloaded: false };
  const fc = async (what: string, ...args: string[]) => {
    const result = await runner.run(["firewall-cmd", ...args]);
    if (result.code !== 0) failures.push({ owner: "firewalld", what, error: firstLine(result.stderr || result.stdout) });
    return result;
  };
  const [runtime, permanent] = await Promise.all([runner.run(["firewall-cmd", "--get-policies"]), runner.run(["firewall-cmd", "--permanent", "--get-policies"])]);
  const listed = (text: string) => new Set(text.trim().split(/\s+/));
  const atRuntime = listed(runtime.stdout);
  const stored = listed(permanent.stdout);
  let reload = false;

  for (const o of adds) {
    const policy = ["--policy", o.policy];
    const ports = o.entries.filter((e) => e.includes("/"));
    const protocols = o.entries.filter((e) => !e.includes("/"));
    // A policy can only be created in the permanent config; a reload then makes it the runtime one.
    const scopes: string[][] = atRuntime.has(o.policy) ? [[], ["--permanent"]] : [["--permanent"]];
    const created = !stored.has(o.policy);
    if (created) {
      await fc(`new policy ${o.policy}`, "--permanent", "--new-policy", o.policy);
      await fc(`policy ${o.policy} target`, "--permanent", ...policy, "--set-target", "CONTINUE", "--set-description", `${OPENING_COMMENT}${o.protocol}`);
    }
    for (const scope of scopes) {
      const current = created ? [] : await entriesOf(runner, scope, o.policy);
      const drop = current.filter((e) => !o.entries.includes(e));
      for (const zone of o.ingressZones) await fc(`policy ${o.policy} ingress zone ${zone}`, ...scope, ...policy, "--add-ingress-zone", zone);
      for (const zone of o.egressZones) await fc(`policy ${o.policy} egress zone ${zone}`, ...scope, ...policy, "--add-egress-zone", zone);
      if (ports.length) await fc(`policy ${o.policy} ports`, ...scope, ...policy, ...ports.flatMap((p) => ["--add-port", p]));
      if (protocols.length) await fc(`policy ${o.policy} protocols`, ...scope, ...policy, ...protocols.flatMap((p) => ["--add-protocol", p]));
      await removeEntries(fc, scope, o.policy, drop);
    }
    if (!atRuntime.has(o.policy)) reload = true;
  }
  for (const o of removes) {
    // At runtime the emptied policy opens nothing until firewalld next reloads; the permanent one is deleted.
    if (atRuntime.has(o.policy)) await removeEntries(fc, [], o.policy, await entriesOf(runner, [], o.policy));
    if (stored.has(o.policy)) await fc(`delete policy ${o.policy}`, "--permanent", "--delete-policy", o.policy);
  }
  if (reload) await fc("reload", "--reload");
  return { failures, reloaded: reload };
}

async function entriesOf(runner: Runner, scope: string[], policy: string): Promise<string[]> {
  const [ports, protocols] = await Promise.all([
    runner.run(["firewall-cmd", ...scope, "--policy", policy, "--list-ports"]),
    runner.run(["firewall-cmd", ...scope, "--policy", policy, "--list-protocols"]),
  ]);
  return [...ports.stdout.trim().split(/\s+/), ...protocols.stdout.trim().split(/\s+/)].filter(Boolean);
}

async function removeEntries(fc: (what: string, ...args: string[]) => Promise<unknown>, scope: string[], policy: string, entries: string[]) {
  const ports = entries.filter((e) => e.includes("/"));
  const protocols = entries.filter((e) => !e.includes("/"));
  if (ports.length) await fc(`policy ${policy} ports`, ...scope, "--policy", policy, ...ports.flatMap((p) => ["--remove-port", p]));
  if (protocols.length) await fc(`policy ${policy} protocols`, ...scope, "--policy", policy, ...protocols.flatMap((p) => ["--remove-protocol", p]));
}
