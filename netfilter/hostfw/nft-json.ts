// `nft -j list ruleset` -> the host model. Every rule keeps a text in nft's own syntax (for messages) and a key
// (its expressions, for comparing with a rule Lintas would insert). Expressions the evaluator does not model
// become unknown matches, never guesses; iptables-nft's opaque `xt` expressions mark the table unreadable until
// its iptables-save text replaces it (snapshot.ts).
import type { BaseChain, HostRule, HostTable, IpFamily, Match, TableFamily, Verdict } from "./model";
import { nftTimeSeconds, sortedJson, TABLE_FAMILY, TABLE_NAME } from "../nft";
import { isScopeSetName } from "../scope-sets";
import { l4protoName } from "./protocol-names";

type Json = Record<string, unknown>;
type NftObject = Record<string, Json>;

const FAMILIES: readonly string[] = ["ip", "ip6", "inet"] satisfies TableFamily[];
/** The table names iptables-nft uses: such a table is iptables's, whatever created it. */
export const IPTABLES_TABLES = ["filter", "nat", "mangle", "raw", "security"];

export function parseNftRuleset(listing: { nftables: NftObject[] }): HostTable[] {
  const tables = new Map<string, HostTable>();
  const key = (family: unknown, name: unknown) => `${String(family)} ${String(name)}`;
  for (const object of listing.nftables) {
    const [kind, body] = Object.entries(object)[0] ?? [];
    if (!body || !FAMILIES.includes(String(body.family))) continue;
    if (kind === "table") {
      const family = body.family as TableFamily;
      const name = String(body.name);
      const source = family !== "inet" && IPTABLES_TABLES.includes(name) ? "iptables-nft" : "nft";
      tables.set(key(family, name), { family, name, source, chains: [] });
    } else if (kind === "chain") {
      tables.get(key(body.family, body.table))?.chains.push({ name: String(body.name), base: baseOf(body), rules: [] });
    } else if (kind === "rule") {
      const table = tables.get(key(body.family, body.table));
      const chain = table?.chains.find((c) => c.name === body.chain);
      if (!table || !chain) continue;
      const exprs = (body.expr as Json[] | undefined) ?? [];
      if (exprs.some((e) => "xt" in e)) table.unreadable ??= "iptables-nft rules (xt expressions) that only iptables-save can print";
      const own = table.family === TABLE_FAMILY && table.name === TABLE_NAME;
      chain.rules.push(ruleOf(exprs, body.comment as string | undefined, body.handle as number | undefined, table.family, own));
    }
  }
  return [...tables.values()];
}

function baseOf(chain: Json): BaseChain | undefined {
  if (typeof chain.hook !== "string") return undefined;
  return { hook: chain.hook, priority: Number(chain.prio ?? 0), policy: chain.policy === "drop" ? "drop" : "accept" };
}

/** `own`: a rule of Lintas's table, whose set lookups may be its scopes'. */
function ruleOf(exprs: Json[], comment: string | undefined, handle: number | undefined, family: TableFamily, own: boolean): HostRule {
  const matches: Match[] = [];
  let verdict: Verdict = { kind: "continue" };
  for (const expr of exprs) {
    const [kind, body] = Object.entries(expr)[0] ?? ["?", null];
    if (kind === "match") matches.push(...((own && scopeMatch(body as Json, family)) || matchOf(body as Json, family)));
    else if (["counter", "log", "comment"].includes(kind)) continue;
    else if (kind === "limit" || kind === "quota") matches.push({ kind: "unknown", text: exprText(expr) });
    else if (isVerdict(kind)) verdict = verdictOf(expr, family);
    // Other statements (meta mark set, ct helper set, ...) change the packet, not its path: later matches on
    // what they set are unknown matches anyway.
  }
  return {
    text: exprs.map(exprText).join(" "),
    ...(comment !== undefined ? { comment } : {}),
    ...(handle !== undefined ? { handle } : {}),
    key: nftRuleKey(exprs, comment),
    matches,
    verdict,
  };
}

/** A rule's meaning for comparisons: its expressions (counters left out) and its comment. */
export function nftRuleKey(exprs: readonly unknown[], comment: string | undefined): string {
  const meaningful = exprs.filter((e) => !(e && typeof e === "object" && "counter" in e));
  return sortedJson({ expr: meaningful, comment: comment ?? null });
}

const VERDICTS = ["accept", "drop", "reject", "return", "jump", "goto", "continue", "queue", "vmap"];
const isVerdict = (kind: string) => VERDICTS.includes(kind);

function verdictOf(expr: Json, family: TableFamily): Verdict {
  const [kind, body] = Object.entries(expr)[0]!;
  switch (kind) {
    case "accept":
    case "drop":
    case "reject":
    case "return":
      return { kind };
    case "continue":
      return { kind: "continue" };
    case "jump":
    case "goto":
      return { kind, target: String((body as Json).target) };
    case "vmap": {
      const { key, data } = body as { key: Json; data: { set?: [unknown, Json][] } | string };
      if (typeof data === "string") return { kind: "unknown", text: exprText(expr) };
      const entries = (data.set ?? []).map(([value, verdict]) => ({
        match: matchOf({ op: "==", left: key, right: value }, family)[0]!,
        verdict: verdictOf(verdict, family),
      }));
      return { kind: "vmap", entries };
    }
    default:
      return { kind: "unknown", text: exprText(expr) };
  }
}

const values = (right: unknown): unknown[] =>
  Array.isArray(right) ? right : right && typeof right === "object" && "set" in right ? ((right as { set: unknown[] }).set ?? []) : [right];

/** `ip saddr @pptp_lan_v4` in Lintas's table: a scope match (with the family it implies); undefined for any other. */
function scopeMatch(match: Json, tableFamily: TableFamily): Match[] | undefined {
  const { op, left, right } = match as { op: string; left: Json; right: unknown };
  const payload = left.payload as { protocol?: string; field?: string } | undefined;
  const family = payload?.protocol === "ip" ? "ipv4" : payload?.protocol === "ip6" ? "ipv6" : undefined;
  if (!family || (payload!.field !== "saddr" && payload!.field !== "daddr") || typeof right !== "string" || !right.startsWith("@")) return undefined;
  if (!isScopeSetName(right.slice(1)) || !["==", "!="].includes(op)) return undefined;
  const implied: Match[] = tableFamily === "inet" ? [{ kind: "nfproto", family }] : [];
  return [...implied, { kind: "scope", negate: op === "!=", set: right.slice(1) }];
}

function matchOf(match: Json, tableFamily: TableFamily): Match[] {
  const { op, left, right } = match as { op: string; left: Json; right: unknown };
  const negate = op === "!=";
  const unknown: Match = { kind: "unknown", text: exprText({ match }) };
  if ((left.meta as Json | undefined)?.key === "time" && (op === "<" || op === ">=")) return timeMatch(op === "<" ? "before" : "from", right) ?? [unknown];
  if (!["==", "!=", "in"].includes(op) || (typeof right === "string" && right.startsWith("@"))) return [unknown];
  const meta = (left.meta as Json | undefined)?.key;
  const payload = left.payload as { protocol?: string; field?: string } | undefined;
  const ct = (left.ct as Json | undefined)?.key;
  const list = values(right);

  if (meta === "iifname" || meta === "oifname" || meta === "iif" || meta === "oif") {
    if (!list.every((v) => typeof v === "string")) return [unknown];
    return [{ kind: meta.startsWith("i") ? "iifname" : "oifname", negate, names: list as string[] }];
  }
  if (meta === "l4proto") return protocols(list, negate) ?? [unknown];
  if (meta === "nfproto") {
    const family = list.length === 1 && (list[0] === "ipv4" || list[0] === "ipv6") ? (list[0] as IpFamily) : undefined;
    if (!family) return [unknown];
    return [{ kind: "nfproto", family: negate ? (family === "ipv4" ? "ipv6" : "ipv4") : family }];
  }
  if (ct === "state") return [{ kind: "ctstate", negate, states: list.map(String) }];
  if (ct === "status") return [{ kind: "ctstatus", negate, statuses: list.map(String) }];
  if (payload?.protocol && payload.field) return payloadMatch(payload.protocol, payload.field, list, negate, tableFamily) ?? [unknown];
  return [unknown];
}

/** `meta time < "2026-11-27 08:00:00"` (listed under TZ=UTC0, exec.ts) or `>= 1795766400` (as Lintas writes it). */
function timeMatch(op: "before" | "from", right: unknown): Match[] | undefined {
  const at = typeof right === "number" ? right : typeof right === "string" ? nftTimeSeconds(right) : undefined;
  return at === undefined ? undefined : [{ kind: "time", op, at }];
}

function protocols(list: unknown[], negate: boolean): Match[] | undefined {
  const names = list.map(l4protoName);
  return names.every((n): n is string => n !== undefined) ? [{ kind: "l4proto", negate, protocols: names }] : undefined;
}

function payloadMatch(protocol: string, field: string, list: unknown[], negate: boolean, tableFamily: TableFamily): Match[] | undefined {
  const family: IpFamily | undefined = protocol === "ip" ? "ipv4" : protocol === "ip6" ? "ipv6" : undefined;
  if (family) {
    // An ip/ip6 header field in an inet table also says which family the packet is.
    const implied: Match[] = tableFamily === "inet" ? [{ kind: "nfproto", family }] : [];
    if (field === "protocol" || field === "nexthdr") {
      const proto = protocols(list, negate);
      return proto && [...implied, ...proto];
    }
    if (field === "saddr" || field === "daddr") {
      const prefixes = list.map(prefixText);
      if (!prefixes.every((p): p is string => p !== undefined)) return undefined;
      return [...implied, { kind: "address", family, side: field, negate, prefixes }];
    }
    return undefined;
  }
  if ((protocol === "tcp" || protocol === "udp" || protocol === "th") && (field === "sport" || field === "dport")) {
    const ranges = list.map(portRange);
    if (!ranges.every((r): r is [number, number] => r !== undefined)) return undefined;
    return [{ kind: "port", protocol, side: field, negate, ranges }];
  }
  // Any other transport header field (icmp type, sctp port, ...) needs that transport: for other protocols the
  // rule cannot match, for it the field is unknown.
  const transport = l4protoName(protocol);
  return transport ? [{ kind: "l4proto", negate: false, protocols: [transport] }, { kind: "unknown", text: `${protocol} ${field}` }] : undefined;
}

function portRange(value: unknown): [number, number] | undefined {
  if (typeof value === "number") return [value, value];
  const range = (value as { range?: [unknown, unknown] } | null)?.range;
  if (range && typeof range[0] === "number" && typeof range[1] === "number") return [range[0], range[1]];
  return undefined;
}

function prefixText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  const prefix = (value as { prefix?: { addr: string; len: number } } | null)?.prefix;
  return prefix ? `${prefix.addr}/${prefix.len}` : undefined;
}

// ---- nft syntax, for messages ----

function valueText(value: unknown, quote: boolean): string {
  if (Array.isArray(value)) return value.map((v) => valueText(v, quote)).join(",");
  if (typeof value === "string") return quote ? `"${value}"` : value;
  if (typeof value === "number") return String(value);
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.set)) return `{ ${v.set.map((item) => (Array.isArray(item) ? `${valueText(item[0], quote)} : ${exprText(item[1] as Json)}` : valueText(item, quote))).join(", ")} }`;
    if (Array.isArray(v.range)) return `${valueText(v.range[0], quote)}-${valueText(v.range[1], quote)}`;
    const prefix = prefixText(value);
    if (prefix) return prefix;
  }
  return JSON.stringify(value);
}

function leftText(left: Json): { text: string; quote: boolean } {
  const meta = (left.meta as Json | undefined)?.key;
  if (typeof meta === "string") return { text: ["iifname", "oifname", "iif", "oif"].includes(meta) ? meta : `meta ${meta}`, quote: meta.endsWith("name") || meta === "iif" || meta === "oif" || meta === "time" };
  const payload = left.payload as { protocol?: string; field?: string } | undefined;
  if (payload?.protocol) return { text: `${payload.protocol} ${payload.field}`, quote: false };
  const ct = (left.ct as Json | undefined)?.key;
  if (typeof ct === "string") return { text: `ct ${ct}`, quote: false };
  return { text: JSON.stringify(left), quote: false };
}

/** One expression as `nft list` prints it (counters without their figures). */
export function exprText(expr: Json): string {
  const [kind, body] = Object.entries(expr)[0] ?? ["?", null];
  const b = body as Json | null;
  switch (kind) {
    case "match": {
      const { op, left, right } = b as { op: string; left: Json; right: unknown };
      const l = leftText(left);
      return `${l.text} ${op === "==" || op === "in" ? "" : `${op} `}${valueText(right, l.quote)}`;
    }
    case "accept":
    case "drop":
    case "return":
    case "continue":
    case "counter":
      return kind;
    case "jump":
    case "goto":
      return `${kind} ${String(b!.target)}`;
    case "reject":
      return b?.type ? `reject with ${String(b.type)}${b.expr ? ` ${String(b.expr)}` : ""}` : "reject";
    case "log":
      return b?.prefix ? `log prefix "${String(b.prefix)}"` : "log";
    case "limit":
      return `limit rate ${String(b!.rate)}/${String(b!.per)}`;
    case "vmap": {
      const l = leftText(b!.key as Json);
      return `${l.text} vmap ${valueText(b!.data, l.quote)}`;
    }
    default:
      return b === null ? kind : `${kind} ${JSON.stringify(b)}`;
  }
}
