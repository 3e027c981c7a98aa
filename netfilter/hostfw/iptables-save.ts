// iptables-save / ip6tables-save text -> the host model. iptables-nft rules read back from nft only as opaque
// `xt` expressions; their save text is the readable form. Options the evaluator does not model become unknown
// matches; targets it does not know, unknown verdicts.
import type { HostChain, HostRule, IpFamily, Match, Verdict } from "./model";
import { l4protoName } from "./protocol-names";
import { IPSET_PREFIX } from "../ipset";
import { isScopeSetName } from "../scope-sets";

export type SavedTable = { name: string; chains: HostChain[]; policies: Record<string, "accept" | "drop"> };

/** Targets that log, mark or record (SET: Lintas's blocked attempts) and let the packet go on. */
const CONTINUING = ["LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "SET", "TCPMSS", "CLASSIFY", "DSCP", "TOS", "TTL", "HL", "CT", "AUDIT", "TRACE", "SECMARK", "CONNSECMARK", "TEE"];

export function parseIptablesSave(text: string, family: IpFamily): SavedTable[] {
  const tables: SavedTable[] = [];
  let table: SavedTable | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("*")) {
      table = { name: line.slice(1).trim(), chains: [], policies: {} };
      tables.push(table);
    } else if (!table || line.startsWith("#") || line.trim() === "" || line === "COMMIT") {
      continue;
    } else if (line.startsWith(":")) {
      const [name, policy] = line.slice(1).split(" ");
      table.chains.push({ name: name!, rules: [] });
      if (policy === "ACCEPT" || policy === "DROP") table.policies[name!] = policy === "DROP" ? "drop" : "accept";
    } else if (line.startsWith("-A ")) {
      const [, chainName, ...rest] = tokenize(line);
      const chain = table.chains.find((c) => c.name === chainName);
      const ruleText = line.slice(`-A ${chainName} `.length);
      chain?.rules.push(ruleOf(rest, ruleText, family, new Set(table.chains.map((c) => c.name))));
    }
  }
  return tables;
}

/** Shell-like words: iptables-save quotes values with spaces ("lintas: ipsec") and escapes quotes inside. */
export function tokenize(line: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const m of line.matchAll(pattern)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2]!);
  return words;
}

const iface = (name: string) => (name.endsWith("+") ? `${name.slice(0, -1)}*` : name);

function portRanges(value: string): [number, number][] | undefined {
  const ranges = value.split(",").map((part) => {
    const [a, b = a] = part.split(":");
    return [Number(a), Number(b)] as [number, number];
  });
  return ranges.every(([a, b]) => Number.isInteger(a) && Number.isInteger(b)) ? ranges : undefined;
}

function ruleOf(words: string[], text: string, family: IpFamily, chains: Set<string>): HostRule {
  const matches: Match[] = [];
  let verdict: Verdict = { kind: "continue" };
  let comment: string | undefined;
  let module: string | undefined;
  let protocol: string | undefined;
  let negate = false;
  const unknown = (what: string) => matches.push({ kind: "unknown", text: what });

  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === "!") {
      negate = true;
      continue;
    }
    const value = () => words[++i] ?? "";
    switch (word) {
      case "-i":
      case "-o":
        matches.push({ kind: word === "-i" ? "iifname" : "oifname", negate, names: [iface(value())] });
        break;
      case "-p": {
        const name = l4protoName(value());
        if (name && name !== "all" && name !== "0") {
          protocol = name;
          matches.push({ kind: "l4proto", negate, protocols: [name] });
        }
        break;
      }
      case "-s":
      case "-d":
        matches.push({ kind: "address", family, side: word === "-s" ? "saddr" : "daddr", negate, prefixes: value().split(",") });
        break;
      case "-m":
        module = value();
        // ufw6 drops type 0 routing headers (`-m rt --rt-type 0`): the header must be there for any rt match.
        if (module === "rt") matches.push({ kind: "exthdr", header: "rt" });
        break;
      case "--dport":
      case "--sport":
      case "--dports":
      case "--sports": {
        const raw = value();
        const ranges = portRanges(raw);
        const proto = module === "tcp" || module === "udp" ? module : protocol;
        if (ranges && (proto === "tcp" || proto === "udp")) matches.push({ kind: "port", protocol: proto, side: word.startsWith("--d") ? "dport" : "sport", negate, ranges });
        else unknown(`${word} ${raw}`);
        break;
      }
      case "--ctstate":
      case "--state":
        matches.push({ kind: "ctstate", negate, states: value().toLowerCase().split(",") });
        break;
      case "--ctstatus":
        matches.push({ kind: "ctstatus", negate, statuses: value().toLowerCase().split(",") });
        break;
      case "--match-set": {
        // Lintas's own scope ipsets (netfilter/ipset.ts); another program's sets stay unknown matches.
        const set = value();
        const direction = value();
        const scope = set.startsWith(IPSET_PREFIX) && isScopeSetName(set.slice(IPSET_PREFIX.length));
        if (scope) matches.push({ kind: "scope", negate, set: set.slice(IPSET_PREFIX.length) });
        else unknown(`-m set ${negate ? "! " : ""}--match-set ${set} ${direction}`);
        break;
      }
      case "--comment":
        comment = value();
        break;
      case "--datestart":
      case "--datestop": {
        // xt_time, in UTC (no --kerneltz): both ends' seconds included.
        const raw = value();
        const ms = module === "time" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(raw) ? Date.parse(`${raw}Z`) : NaN;
        if (Number.isNaN(ms)) unknown(`${word} ${raw}`);
        else matches.push(word === "--datestop" ? { kind: "time", op: "before", at: ms / 1000 + 1 } : { kind: "time", op: "from", at: ms / 1000 });
        break;
      }
      case "-j":
        verdict = targetOf(value(), words.slice(i + 1), chains);
        i = words.length;
        break;
      case "-g":
        verdict = { kind: "goto", target: value() };
        break;
      default: {
        // An option the evaluator does not model, with its values (up to the next option).
        const parts = [negate ? `! ${word}` : word];
        while (i + 1 < words.length && !words[i + 1]!.startsWith("-") && words[i + 1] !== "!") parts.push(words[++i]!);
        unknown(module ? `-m ${module} ${parts.join(" ")}` : parts.join(" "));
      }
    }
    negate = false;
  }
  return { text, ...(comment !== undefined ? { comment } : {}), key: text, matches, verdict };
}

function targetOf(target: string, options: string[], chains: Set<string>): Verdict {
  switch (target) {
    case "ACCEPT":
      return { kind: "accept" };
    case "DROP":
      return { kind: "drop" };
    case "REJECT":
      return { kind: "reject" };
    case "RETURN":
      return { kind: "return" };
  }
  if (CONTINUING.includes(target)) return { kind: "continue" };
  if (chains.has(target)) return { kind: "jump", target };
  return { kind: "unknown", text: ["-j", target, ...options].join(" ") };
}
