// Ruleset -> nftables, in the libnftables JSON schema (what `nft -j` reads and lists) and in nft's text syntax.
// Pure. The JSON is rendered in the canonical form the kernel lists back, so read-back can compare objects.
import { CHAINS, chainsOf, type AddressSet, type AttemptSet, type ChainSpec, type NamedCounter, type Rule, type Ruleset, type TimeMatch } from "./model";
import { VPN_CT_MARK, VPN_CT_MARK_TEXT } from "./ct-mark";
import type { ConntrackHelper, FlowMatch } from "./protocols";

export const TABLE_FAMILY = "inet";
export const TABLE_NAME = "lintas";
const table = { family: TABLE_FAMILY, table: TABLE_NAME } as const;

export type NftObject =
  | { table: { family: string; name: string } }
  | { "ct helper": Record<string, unknown> }
  | { counter: Record<string, unknown> }
  | { set: Record<string, unknown> }
  | { chain: Record<string, unknown> }
  | { rule: { family: string; table: string; chain: string; comment?: string; expr: unknown[] } };
export type NftCommand = Record<string, unknown>;

const PRIORITY = { filter: 0, srcnat: 100 } as const;

/** The table's content, ordered as `nft -j list table` lists it: table, helpers, counters, sets, chains, rules by chain. */
export function nftObjects(ruleset: Ruleset): NftObject[] {
  const chains = chainsOf(ruleset);
  return [
    { table: { family: TABLE_FAMILY, name: TABLE_NAME } },
    ...ruleset.helpers.map(helperObject),
    ...(ruleset.counters ?? []).map(counterObject),
    ...(ruleset.sets ?? []).map(setObject),
    ...(ruleset.attempts ?? []).map(attemptSetObject),
    ...chains.map(chainObject),
    ...chains.flatMap((chain) => ruleset.rules.filter((r) => r.chain === chain.id).map(ruleObject)),
  ];
}

/**
 * One atomic transaction that replaces the table: `add` makes the `delete` safe when the table is absent, the
 * delete drops chains and helper objects a switch no longer needs, then the whole new content follows.
 */
export function nftReplaceBatch(ruleset: Ruleset): { nftables: NftCommand[] } {
  const tableRef = { table: { family: TABLE_FAMILY, name: TABLE_NAME } };
  return {
    nftables: [{ add: tableRef }, { delete: tableRef }, ...nftObjects(ruleset).map((o) => ({ add: o }))],
  };
}

/** Removes the table (uninstall); `add` first so it works when the table is absent. */
export function nftRemoveBatch(): { nftables: NftCommand[] } {
  const tableRef = { table: { family: TABLE_FAMILY, name: TABLE_NAME } };
  return { nftables: [{ add: tableRef }, { delete: tableRef }] };
}

function helperObject(helper: ConntrackHelper): NftObject {
  return {
    "ct helper": {
      family: TABLE_FAMILY,
      name: helper.name,
      table: TABLE_NAME,
      type: helper.name,
      protocol: helper.l4proto,
      l3proto: helper.l3proto,
    },
  };
}

function counterObject(counter: NamedCounter): NftObject {
  return { counter: { ...table, name: counter.name, comment: counter.comment } };
}

const SET_TYPES = { ipv4: "ipv4_addr", ipv6: "ipv6_addr" } as const;

/** An interval set: CIDR blocks and ranges are single elements, single addresses too. */
function setObject(set: AddressSet): NftObject {
  const elem = set.elements.map(elementJson);
  return { set: { ...table, name: set.name, type: SET_TYPES[set.family], flags: ["interval"], ...(elem.length > 0 && { elem }) } };
}


/** A dynamic set of (source . destination) pairs, each with its own counter, forgotten `timeoutSeconds` after the last. */
function attemptSetObject(set: AttemptSet): NftObject {
  const type = SET_TYPES[set.family];
  return { set: { ...table, name: set.name, type: [type, type], size: set.maxPairs, flags: ["timeout"], timeout: set.timeoutSeconds, stmt: [{ counter: null }] } };
}

/** An element as nft's JSON writes it: "1.2.3.4", { prefix: { addr, len } } or { range: [first, last] }. */
function elementJson(text: string): unknown {
  const slash = text.indexOf("/");
  if (slash >= 0) return { prefix: { addr: text.slice(0, slash), len: Number(text.slice(slash + 1)) } };
  const dash = text.indexOf("-");
  return dash >= 0 ? { range: [text.slice(0, dash), text.slice(dash + 1)] } : text;
}

/** The inverse of elementJson (the kernel lists merged intervals as nft writes them: prefixes where they are one). */
function elementText(element: unknown): string {
  const value = element as { prefix?: { addr: string; len: number }; range?: [string, string] };
  if (typeof element === "string") return element;
  return value.prefix ? `${value.prefix.addr}/${value.prefix.len}` : value.range ? value.range.join("-") : sortedJson(element);
}

function chainObject(chain: ChainSpec): NftObject {
  return {
    chain: {
      ...table,
      name: chain.id,
      type: chain.type,
      hook: chain.hook,
      prio: PRIORITY[chain.priority],
      policy: "accept",
    },
  };
}

export const match = (left: unknown, right: unknown) => ({ match: { op: "==", left, right } });
export const meta = (key: string) => ({ meta: { key } });
export const names = (list: string[]) => (list.length === 1 ? list[0] : { set: [...list].sort() });

/** A flow's match: its port on one side (dport LAN->WAN, sport for replies), or the bare IP protocol. */
export function flowExpression(flow: FlowMatch, side: "dport" | "sport"): unknown {
  return "port" in flow ? match({ payload: { protocol: flow.l4proto, field: side } }, flow.port) : match(meta("l4proto"), flow.l4proto);
}

const ADDRESS_PROTOCOL = { ipv4: "ip", ipv6: "ip6" } as const;

// `meta time < N` / `>= N`: nft reads an integer as seconds since the epoch (a date string as the local time of the
// nft process) and lists it back as a local date string, which read-back turns back into seconds (nftObjectKey).
const TIME_OP = { before: "<", from: ">=" } as const;
const timeExpression = (time: TimeMatch) => ({ match: { op: TIME_OP[time.op], left: meta("time"), right: time.at } });

/** Seconds since the epoch as nft prints a time under TZ=UTC0 (exec.ts runs every program so): "2026-11-27 08:00:00". */
export const nftTimeText = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ");

/** The inverse of nftTimeText (a listed time back to seconds); undefined for anything else. */
export function nftTimeSeconds(text: string): number | undefined {
  const ms = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(text) ? Date.parse(`${text.replace(" ", "T")}Z`) : NaN;
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

function ruleExpressions(rule: Rule): unknown[] {
  const { match: m, action } = rule;
  const expr: unknown[] = [];
  if (m.ipv4Only) expr.push(match(meta("nfproto"), "ipv4"));
  if (m.iifnames) expr.push(match(meta("iifname"), names(m.iifnames)));
  if (m.oifnames) expr.push(match(meta("oifname"), names(m.oifnames)));
  if (m.addresses) {
    const protocol = ADDRESS_PROTOCOL[m.addresses.family];
    for (const field of ["saddr", "daddr"] as const) {
      const set = m.addresses[field];
      if (set) expr.push(match({ payload: { protocol, field } }, `@${set}`));
    }
  }
  if (m.flow) expr.push(flowExpression(m.flow, m.portSide ?? "dport"));
  if (m.time) expr.push(timeExpression(m.time));
  if (marks(rule)) expr.push(MARK_CONNECTION);
  switch (action.kind) {
    case "track": {
      const protocol = ADDRESS_PROTOCOL[m.addresses!.family];
      const pair = { concat: [{ payload: { protocol, field: "saddr" } }, { payload: { protocol, field: "daddr" } }] };
      expr.push({ match: { op: "in", left: { ct: { key: "state" } }, right: "new" } });
      expr.push({ set: { op: "update", elem: pair, set: `@${action.set}` } });
      break;
    }
    case "drop":
    case "accept":
      if (action.counter) expr.push({ counter: action.counter });
      expr.push({ [action.kind]: null });
      break;
    case "count":
      expr.push({ counter: action.counter });
      break;
    case "masquerade":
      expr.push({ [action.kind]: null });
      break;
    case "mark":
      break;
    case "helper":
      expr.push({ "ct helper": action.helper });
      break;
  }
  return expr;
}

/** `ct mark set ct mark | VPN_CT_MARK`: the connection's other mark bits kept. */
const MARK_CONNECTION = { mangle: { key: { ct: { key: "mark" } }, value: { "|": [{ ct: { key: "mark" } }, VPN_CT_MARK] } } };

const marks = ({ action }: Rule) => action.kind === "mark" || ((action.kind === "accept" || action.kind === "count") && action.mark === true);

function ruleObject(rule: Rule): NftObject {
  return { rule: { ...table, chain: rule.chain, comment: rule.comment, expr: ruleExpressions(rule) } };
}

// ---- text form, as `nft list table inet lintas` prints it ----

const quoteNames = (list: string[]) =>
  list.length === 1 ? `"${list[0]}"` : `{ ${[...list].sort().map((n) => `"${n}"`).join(", ")} }`;

function ruleText(rule: Rule): string {
  const { match: m, action } = rule;
  const parts: string[] = [];
  if (m.ipv4Only) parts.push("meta nfproto ipv4");
  if (m.iifnames) parts.push(`iifname ${quoteNames(m.iifnames)}`);
  if (m.oifnames) parts.push(`oifname ${quoteNames(m.oifnames)}`);
  if (m.addresses) {
    const protocol = ADDRESS_PROTOCOL[m.addresses.family];
    if (m.addresses.saddr) parts.push(`${protocol} saddr @${m.addresses.saddr}`);
    if (m.addresses.daddr) parts.push(`${protocol} daddr @${m.addresses.daddr}`);
  }
  if (m.flow) {
    parts.push("port" in m.flow ? `${m.flow.l4proto} ${m.portSide ?? "dport"} ${m.flow.port}` : `meta l4proto ${m.flow.l4proto}`);
  }
  if (m.time) parts.push(`meta time ${TIME_OP[m.time.op]} "${nftTimeText(m.time.at)}"`);
  if (marks(rule)) parts.push(`ct mark set ct mark | ${VPN_CT_MARK_TEXT}`);
  if ("counter" in action && action.counter) parts.push(`counter name "${action.counter}"`);
  if (action.kind === "track") {
    const protocol = ADDRESS_PROTOCOL[m.addresses!.family];
    parts.push(`ct state new update @${action.set} { ${protocol} saddr . ${protocol} daddr }`);
  } else if (action.kind !== "count" && action.kind !== "mark") parts.push(action.kind === "helper" ? `ct helper set "${action.helper}"` : action.kind);
  parts.push(`comment "${rule.comment}"`);
  return parts.join(" ");
}

export function nftText(ruleset: Ruleset): string {
  const blocks: string[] = [];
  for (const helper of ruleset.helpers) {
    blocks.push(
      `\tct helper ${helper.name} {\n\t\ttype "${helper.name}" protocol ${helper.l4proto}\n\t\tl3proto ${helper.l3proto}\n\t}`,
    );
  }
  for (const counter of ruleset.counters ?? []) {
    blocks.push(`\tcounter ${counter.name} {\n\t\tcomment "${counter.comment}"\n\t\tpackets 0 bytes 0\n\t}`);
  }
  for (const set of ruleset.sets ?? []) {
    const elements = set.elements.length > 0 ? [`\t\telements = { ${set.elements.join(", ")} }`] : [];
    blocks.push([`\tset ${set.name} {`, `\t\ttype ${SET_TYPES[set.family]}`, "\t\tflags interval", ...elements, "\t}"].join("\n"));
  }
  for (const set of ruleset.attempts ?? []) {
    const type = SET_TYPES[set.family];
    const lines = [`type ${type} . ${type}`, `size ${set.maxPairs}`, "flags dynamic,timeout", "counter", `timeout ${nftDuration(set.timeoutSeconds)}`];
    blocks.push([`\tset ${set.name} {`, ...lines.map((line) => `\t\t${line}`), "\t}"].join("\n"));
  }
  for (const chain of CHAINS) {
    const rules = ruleset.rules.filter((r) => r.chain === chain.id);
    if (rules.length === 0) continue;
    const head = `\t\ttype ${chain.type} hook ${chain.hook} priority ${chain.priority}; policy accept;`;
    blocks.push([`\tchain ${chain.id} {`, head, ...rules.map((r) => `\t\t${ruleText(r)}`), "\t}"].join("\n"));
  }
  return `table ${TABLE_FAMILY} ${TABLE_NAME} {\n${blocks.join("\n\n")}\n}\n`;
}

/** Seconds as nft lists a duration: "1d", "1h30m". */
function nftDuration(seconds: number): string {
  const units = [["d", 86400], ["h", 3600], ["m", 60], ["s", 1]] as const;
  let left = seconds;
  return units.map(([unit, size]) => {
    const count = Math.floor(left / size);
    left -= count * size;
    return count > 0 ? `${count}${unit}` : "";
  }).join("") || "0s";
}

// ---- comparable keys, for read-back ----

/** The keys of a ruleset's objects, as `nftObjectKey` computes them for what the kernel lists. */
export function nftRulesetKeys(ruleset: Ruleset): string[] {
  return nftObjects(ruleset).flatMap((o) => nftObjectKey(o as Record<string, unknown>));
}

/** What `nft -j list ...` prints, parsed. */
export type NftListing = { nftables: Record<string, Record<string, unknown>>[] };

/** Lintas's table within a whole-ruleset listing, as comparable keys: what `nft -j list table` would give. */
export function lintasTableKeys(listing: NftListing): { present: boolean; keys: string[]; counters: Record<string, { packets: number; bytes: number }> } {
  let present = false;
  const keys: string[] = [];
  const ours: Record<string, unknown>[] = [];
  for (const object of listing.nftables) {
    const [kind, body] = Object.entries(object)[0] ?? [];
    if (!body || body.family !== TABLE_FAMILY) continue;
    if (kind === "table") present ||= body.name === TABLE_NAME;
    else if (body.table === TABLE_NAME) {
      keys.push(...nftObjectKey(object));
      ours.push(object);
    }
  }
  return { present, keys, counters: counterValues(ours) };
}

/** The named counters among listed objects, by name. */
export function counterValues(objects: readonly Record<string, unknown>[]): Record<string, { packets: number; bytes: number }> {
  const counters: Record<string, { packets: number; bytes: number }> = {};
  for (const object of objects) {
    const counter = object.counter as { name?: string; packets?: number; bytes?: number } | undefined;
    if (counter?.name) counters[counter.name] = { packets: counter.packets ?? 0, bytes: counter.bytes ?? 0 };
  }
  return counters;
}

/**
 * A comparable key per object: kernel handles, comments and counter values left out, set elements as text in a
 * fixed order (one key per set, however many elements), so only meaning is compared.
 */
export function nftObjectKey(object: Record<string, unknown>): string[] {
  const [kind, body] = Object.entries(object)[0] ?? [];
  if (!kind || kind === "metainfo" || kind === "table") return [];
  const { handle: _handle, comment: _comment, ...meaning } = body as Record<string, unknown>;
  if (kind === "counter") {
    delete meaning.packets;
    delete meaning.bytes;
  }
  // A set with a timeout is an attempt set: the kernel fills it, so its elements are not part of what was applied.
  if (kind === "set" && meaning.timeout !== undefined) delete meaning.elem;
  if (kind === "set" && Array.isArray(meaning.elem)) meaning.elem = meaning.elem.map(elementText).sort();
  if (kind === "rule" && Array.isArray(meaning.expr)) meaning.expr = meaning.expr.map(timeInSeconds);
  return [`${kind} ${sortedJson(meaning)}`];
}

/** A listed `meta time` match with its date back in seconds, as it was applied. */
function timeInSeconds(expr: unknown): unknown {
  const found = (expr as { match?: { op: string; left: { meta?: { key?: string } }; right: unknown } }).match;
  if (found?.left?.meta?.key !== "time" || typeof found.right !== "string") return expr;
  const seconds = nftTimeSeconds(found.right);
  return seconds === undefined ? expr : { match: { ...found, right: seconds } };
}

/** JSON with object keys sorted and anonymous set elements in a fixed order: equal meaning, equal text. */
export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`;
  if (value && typeof value === "object") {
    // The kernel lists anonymous set elements in its own order: compare them as a set.
    const set = (value as { set?: unknown }).set;
    if (Array.isArray(set) && Object.keys(value).length === 1) return `{"set":[${set.map(sortedJson).sort().join(",")}]}`;
    // Code-unit order, not localeCompare: the first localeCompare of a process loads ICU collation (~5 ms).
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
