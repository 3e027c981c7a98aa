// `nft monitor trace` lines -> events. Pure. The line formats, as nft 1.0.6 prints them:
//   trace id 276f8a4f inet x fw packet: iif "lan0" oif "wan0" ... ip saddr 192.168.77.10 ... udp dport 500 ...
//   trace id 276f8a4f inet x fw rule iifname "lan0" udp dport 500 accept (verdict accept)
//   trace id 276f8a4f inet x fw unknown rule handle 4 (verdict drop)     (a rule added after nft started)
//   trace id 276f8a4f ip filter FORWARD policy drop                       (no "(verdict ...)"; maybe a mark after)
//   trace id 276f8a4f ip filter DOCKER-USER verdict continue              (the implicit end of a regular chain)
// The id is the kernel's per-skb hash: the same id comes back for later packets, so ids alone do not separate
// packets (see trace-path.ts).

/** Where an event happened: a chain of a table of a family (ip, ip6, inet, ...). */
export type ChainRef = { family: string; table: string; chain: string };

/** The packet as a `packet:` line shows it (each chain prints it again, after NAT if any happened). */
export type PacketFields = {
  iif?: string;
  oif?: string;
  saddr?: string;
  daddr?: string;
  /** udp, tcp, gre, esp, ...: the IP protocol or IPv6 next header. */
  protocol?: string;
  sport?: number;
  dport?: number;
};

export type TraceEvent = ChainRef & { id: string } & (
    | { kind: "packet"; packet: PacketFields }
    /** `rule` is the rule's text; absent when nft did not know the rule (then `handle` says which it was). */
    | { kind: "rule"; rule?: string; handle?: number; verdict: string }
    | { kind: "policy"; verdict: string }
    | { kind: "return"; verdict: string }
  );

const HEAD = /^trace id ([0-9a-f]+) (\S+) (\S+) (\S+) (.*)$/;

/** One line of `nft monitor [trace]` output; undefined for anything that is not a trace line. */
export function parseTraceLine(line: string): TraceEvent | undefined {
  const head = HEAD.exec(line.trimEnd());
  if (!head) return undefined;
  const [, id, family, table, chain, rest] = head as unknown as [string, string, string, string, string, string];
  const where = { id, family, table, chain };
  if (rest.startsWith("packet: ")) return { ...where, kind: "packet", packet: parsePacket(rest.slice(8)) };
  const unknown = /^unknown rule handle (\d+) \(verdict (.+)\)$/.exec(rest);
  if (unknown) return { ...where, kind: "rule", handle: Number(unknown[1]), verdict: unknown[2]! };
  const rule = /^rule (.*) \(verdict (.+)\)$/.exec(rest);
  if (rule) return { ...where, kind: "rule", rule: rule[1]!, verdict: rule[2]! };
  const policy = /^policy (\S+)/.exec(rest);
  if (policy) return { ...where, kind: "policy", verdict: policy[1]! };
  const verdict = /^verdict (\S+(?: \S+)?)/.exec(rest);
  if (verdict) return { ...where, kind: "return", verdict: verdict[1]! };
  return undefined;
}

function parsePacket(text: string): PacketFields {
  const word = (pattern: RegExp) => pattern.exec(text)?.[1];
  const port = (side: string) => {
    const value = word(new RegExp(`\\b(?:tcp|udp|sctp|dccp|udplite) ${side} (\\d+)`));
    return value === undefined ? undefined : Number(value);
  };
  const packet: PacketFields = {
    iif: word(/\biif "?([^"\s]+)"?/),
    oif: word(/\boif "?([^"\s]+)"?/),
    saddr: word(/\bip6? saddr (\S+)/),
    daddr: word(/\bip6? daddr (\S+)/),
    protocol: word(/\b(?:ip protocol|ip6 nexthdr) (\S+)/) ?? word(/\b(tcp|udp) sport /),
    sport: port("sport"),
    dport: port("dport"),
  };
  return Object.fromEntries(Object.entries(packet).filter(([, value]) => value !== undefined)) as PacketFields;
}

/** Rule texts by handle, from `nft -a list table FAMILY NAME`: what nft prints in a trace for a rule it knows. */
export function parseRuleHandles(listing: string): Map<number, string> {
  const rules = new Map<number, string>();
  for (const found of listing.matchAll(/^\t\t(.+) # handle (\d+)$/gm)) rules.set(Number(found[2]), found[1]!);
  return rules;
}
