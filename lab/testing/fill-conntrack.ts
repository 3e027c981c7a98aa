// Fills a test namespace's conntrack table: N entries of unrelated traffic plus a few flows of every catalogue
// protocol, for tests and benches. One `conntrack -R FILE` (conntrack 1.4.7's load-file: one process, one
// netlink message per line, no traffic) inserts 50,000 entries in ~0.5 s here; sending real packets through
// a namespace would take minutes. Entries stay until their timeout (an hour) or the namespace goes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ProtocolId } from "../../netfilter/protocols";

const TIMEOUT = "-t 3600";
// Ports no catalogue flow uses (DNS, HTTP, HTTPS, NTP, 8080).
const UNRELATED_PORTS = [53, 80, 443, 123, 8080];

/** The VPN flows the fill adds, both families, NAT on some: what a busy LAN's clients would open. */
export const VPN_ENTRIES: { protocol: ProtocolId; line: string }[] = [
  { protocol: "pptp", line: "-p tcp -s 192.168.50.10 -d 203.0.113.1 --sport 40000 --dport 1723 --state ESTABLISHED -u SEEN_REPLY,ASSURED --src-nat 198.51.100.1" },
  { protocol: "pptp", line: "-p tcp -s 192.168.50.11 -d 203.0.113.1 --sport 40000 --dport 1723 --state ESTABLISHED -u SEEN_REPLY,ASSURED --src-nat 198.51.100.1" },
  { protocol: "pptp", line: "-p gre -s 192.168.50.10 -d 203.0.113.1 --srckey 0x7 --dstkey 0x4000" },
  { protocol: "pptp", line: "-p gre -s 192.168.50.11 -d 203.0.113.1 --srckey 0x7 --dstkey 0x4001" },
  { protocol: "ipsec", line: "-p udp -s 192.168.50.10 -d 203.0.113.2 --sport 500 --dport 500 --src-nat 198.51.100.1" },
  { protocol: "ipsec", line: "-p udp -s 192.168.50.11 -d 203.0.113.2 --sport 4500 --dport 4500 --src-nat 198.51.100.1" },
  { protocol: "ipsec", line: "-p esp -s 192.168.50.12 -d 203.0.113.2" },
  { protocol: "ipsec", line: "-p ah -s 192.168.50.13 -d 203.0.113.2" },
  { protocol: "ipsec", line: "-p udp -s 2001:db8:50::10 -d 2001:db8:113::2 --sport 500 --dport 500" },
  { protocol: "l2tp", line: "-p udp -s 192.168.50.10 -d 203.0.113.3 --sport 1701 --dport 1701 --src-nat 198.51.100.1" },
  { protocol: "l2tp", line: "-p udp -s 2001:db8:50::11 -d 2001:db8:113::3 --sport 1701 --dport 1701" },
];

/** How many of VPN_ENTRIES each protocol has. */
export const VPN_COUNTS = VPN_ENTRIES.reduce(
  (counts, e) => ({ ...counts, [e.protocol]: counts[e.protocol] + 1 }),
  { pptp: 0, ipsec: 0, l2tp: 0 } as Record<ProtocolId, number>,
);

/** The i-th unrelated entry: a distinct client address and port, TCP or UDP, to a port no VPN uses. */
function unrelatedLine(i: number): string {
  const client = `10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
  const port = UNRELATED_PORTS[i % UNRELATED_PORTS.length]!;
  const proto = port === 53 || port === 123 ? "udp" : "tcp";
  const state = proto === "tcp" ? " --state ESTABLISHED" : "";
  return `-p ${proto} -s ${client} -d 198.51.100.${(i % 250) + 2} --sport ${1024 + (i % 60000)} --dport ${port}${state}`;
}

/**
 * Inserts `unrelated` entries, and VPN_ENTRIES unless `vpn` is false, into namespace `netns`. `vpnMark`: the VPN
 * entries' ct mark, as Lintas's rules would have set it for flows they passed (none: unmarked).
 */
export function fillConntrack(netns: string, options: { unrelated: number; vpn?: boolean; vpnMark?: number }): void {
  const lines = Array.from({ length: options.unrelated }, (_, i) => unrelatedLine(i));
  const mark = options.vpnMark === undefined ? "" : ` --mark ${options.vpnMark}`;
  if (options.vpn !== false) lines.push(...VPN_ENTRIES.map((e) => `${e.line}${mark}`));
  const dir = mkdtempSync(path.join(tmpdir(), "lintas-fill-"));
  try {
    const file = path.join(dir, "entries");
    writeFileSync(file, lines.map((line) => `-I ${line} ${TIMEOUT}\n`).join(""));
    // conntrack -R stops at the first line the kernel refuses and exits non-zero: execFileSync throws.
    execFileSync("ip", ["netns", "exec", netns, "conntrack", "-R", file], { stdio: ["ignore", "ignore", "pipe"] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
