// Plain-text output of the CLI.
import {
  deadlineAt,
  namesIn,
  namesTable,
  protocolSpec,
  PROTOCOLS,
  SCOPE_LISTS,
  SWITCHES,
  switchValue,
  type HostReport,
  type Network,
  type Passthrough,
  type ProtocolId,
  type ScopeList,
  type ScopeNames,
  type Switch,
  type VpnFlow,
} from "../netfilter";
import { expiryNotes, spanText } from "../lib/expiry-text";
import { translate, translator, type Message } from "../lib/i18n";
import { hostMessages, ownerName, trafficReason, type ApplyReport, type FlowCounts, type StatusReport } from "../lib/passthrough";

const onOff = (value: boolean) => (value ? "on" : "off");

export function formatNetwork(network: Network | undefined): string {
  if (!network) return "network: not configured (lintas network set --lan IF[,IF] --wan IF)";
  return `network: LAN ${network.lanInterfaces.join(",")} -> WAN ${network.wanInterface}, masquerade ${onOff(network.masquerade)}, host firewall ${network.hostFirewall}`;
}

const english = (text: Message) => translate("en", text.key, text.params);
const en = translator("en");
/** A deadline as the CLI prints times: UTC, to the second. */
const cliTime = (at: Date) => at.toISOString().replace(/\.\d+Z$/, "Z");

/** The host firewall: its mode, every foreign forward chain with its owner, and per protocol what it does. */
function formatHost(host: HostReport | undefined): string[] {
  if (!host) return [];
  if (!host.readable) return [`host firewall: cannot be read (${host.reason})`];
  const lines = [`host firewall: ${english({ key: `host.mode.${host.mode}` })}`];
  if (host.firewalls.length === 0) lines.push(`  ${english({ key: "host.none" })}`);
  for (const fw of host.firewalls) {
    const owner = english(ownerName(fw.owner));
    lines.push(`  ${english({ key: "host.chain", params: { table: `${fw.family} ${fw.table}`, chain: fw.chain, priority: fw.priority, policy: fw.policy, owner } })}`);
  }
  for (const spec of PROTOCOLS) lines.push(`${spec.title}: ${hostMessages(host.protocols[spec.id]).map(english).join("; ")}`);
  return lines;
}

/** One line per protocol: `ipsec=on (ipsec.natT=off ipsec.esp=on ipsec.ah=off)`, and its scope when it has one. */
export function formatPassthrough(passthrough: Passthrough): string {
  const word = (which: Switch) => `${which.key}=${onOff(switchValue(passthrough, which))}`;
  return PROTOCOLS.map((spec) => {
    const [own, ...options] = SWITCHES.filter((which) => which.protocol === spec.id);
    const at = deadlineAt(passthrough, spec.id);
    const until = at !== undefined ? `, until ${cliTime(new Date(at))} (${spanText(at - Date.now(), en)} left)` : "";
    const line = (options.length ? `${word(own!)} (${options.map(word).join(" ")})` : word(own!)) + until;
    return passthrough[spec.id].scope ? `${line}, scoped: ${scopeText(passthrough, spec.id, { most: 3 })}` : line;
  }).join("\n");
}

const LIST_WORDS: Record<ScopeList, { title: string; empty: string }> = {
  lan: { title: "LAN sources", empty: "everyone" },
  servers: { title: "servers", empty: "everywhere" },
};

/**
 * A protocol's scope in one line: `LAN sources laptop, 192.168.1.23; servers everywhere`. With `names`, each name
 * says what it stood for when applied; with `most`, a long list shows its first entries and its length.
 */
function scopeText(passthrough: Passthrough, id: ProtocolId, options: { names?: ScopeNames; most?: number } = {}): string {
  const scope = passthrough[id].scope;
  return SCOPE_LISTS.map((list) => {
    const entries = scope?.[list] ?? [];
    if (entries.length === 0) return `${LIST_WORDS[list].title} ${LIST_WORDS[list].empty}`;
    const named = new Set(namesIn(entries, list));
    const shown = entries.slice(0, options.most ?? entries.length).map((entry) => {
      const addresses = named.has(entry) ? options.names?.[namesTable(list)][entry] : undefined;
      return addresses ? `${entry} (${addresses.join(", ") || "nothing now"})` : entry;
    });
    const more = entries.length - shown.length;
    return `${LIST_WORDS[list].title} ${shown.join(", ")}${more > 0 ? `, … (${entries.length} in all)` : ""}`;
  }).join("; ");
}

/** `lintas passthrough scope [PROTOCOL]`: each protocol's scope (or one); `most` entries of a list, else every one. */
export function formatScopes(passthrough: Passthrough, only?: ProtocolId, most?: number): string {
  return PROTOCOLS.filter((spec) => !only || spec.id === only)
    .map((spec) => `${spec.title.padEnd(6)} ${scopeText(passthrough, spec.id, { most })}`)
    .join("\n");
}

export function formatApply(report: ApplyReport, flowsDeleted: number): string {
  const lines = [`applied with ${report.backend} (${report.backendReason})`];
  for (const spec of PROTOCOLS) {
    const effect = report.effects[spec.id];
    const kernel = report.kernel.protocols.find((p) => p.id === spec.id)!;
    // What the traffic meets now, through every firewall: and why, when that is not what was applied.
    const traffic = report.traffic[spec.id];
    const reason = trafficReason(kernel, traffic);
    const unavailable = effect.state === "unavailable" ? `: ${effect.reason}` : "";
    lines.push(`  ${spec.title.padEnd(6)} ${effect.state}${unavailable}; traffic ${traffic.verdict}${reason ? `: ${english(reason)}` : ""}`);
  }
  const { added, removed } = report.openings;
  if (added.length + removed.length > 0) lines.push(`host firewall: ${added.length} openings added, ${removed.length} removed (lintas status says where)`);
  if (report.backend === "dry-run") lines.push("dry-run: no firewall was changed; the rules were recorded only");
  else if (report.cut.length > 0) lines.push(`cut open flows of ${report.cut.join(", ")}: ${flowsDeleted} conntrack entries deleted`);
  for (const warning of report.warnings) lines.push(`warning: ${warning.message}`);
  return lines.join("\n");
}

export function formatStatus(report: StatusReport, open: FlowCounts): string {
  const caps = report.capabilities;
  const yesNo = (c: { available: boolean; reason?: string }) => (c.available ? "yes" : `no (${c.reason})`);
  const lines = [
    `backend: ${report.backend} (${report.backendReason})`,
    formatNetwork(report.network),
    `applied: ${report.applied ? `${report.applied.appliedAt.toISOString()} via ${report.applied.backend}` : "never"}`,
    `capabilities: nftables ${yesNo(caps.nftables)}; iptables ${yesNo(caps.iptables)}; conntrack ${yesNo(caps.conntrack)}; deadlines in the kernel ${yesNo(caps.deadline)}; ipset ${yesNo(caps.ipset)}`,
    ...Object.entries(caps.helpers).map(([name, c]) => `  ${name} helper: ${yesNo(c)}`),
    `forwarding: IPv4 ${caps.forwarding.ipv4 ? "on" : "OFF"}, IPv6 ${caps.forwarding.ipv6 ? "on" : "OFF"}`,
  ];
  if (!caps.forwarding.ipv4) lines.push("warning: IPv4 forwarding is off (net.ipv4.ip_forward=0): nothing passes through this router, whatever the switches say");
  const { kernel, traffic: verdicts } = report;
  if (kernel && verdicts) {
    // "kernel" is Lintas's table as read back; "traffic" and the flows what the packets meet through every
    // firewall on the forward path, Lintas's table included; under a protocol, why, when not what was asked.
    lines.push("", `${"protocol".padEnd(9)}${"desired".padEnd(13)}${"kernel".padEnd(9)}${"traffic".padEnd(9)}flows`);
    for (const p of kernel.protocols) {
      const { title } = protocolSpec(p.id);
      const traffic = verdicts[p.id];
      const flows = Object.entries(traffic.flows).map(([id, state]) => `${id}=${state}`);
      if (p.helper !== undefined) flows.push(`helper=${p.helper ? "assigned" : "none"}`);
      const reason = trafficReason(p, traffic);
      lines.push(`${title.padEnd(9)}${p.desired.state.padEnd(13)}${(p.expired ? "expired" : p.actual).padEnd(9)}${traffic.verdict.padEnd(9)}${flows.join(" ")}${reason ? "  <- differs" : ""}`);
      if (reason) lines.push(`  ${english(reason)}`);
    }
    const notes = expiryNotes(report.passthrough, Date.now(), report.reminderDays, en, cliTime);
    if (notes.length) lines.push("", ...notes);
    lines.push("", "scopes (traffic outside a scope is dropped and counted):");
    for (const spec of PROTOCOLS) {
      const dropped = report.outsideScope[spec.id];
      const counted = dropped ? `; outside it: ${dropped.packets} packets dropped` : "";
      lines.push(`  ${spec.title.padEnd(6)} ${scopeText(report.passthrough, spec.id, { names: report.applied?.names, most: 10 })}${counted}`);
    }
    lines.push("", ...formatHost(report.host));
    const { drift } = kernel;
    lines.push("");
    if (drift.tableMissing) lines.push("drift: the Lintas rules are not installed (run `lintas apply`)");
    else if (drift.missing.length || drift.extra.length) {
      lines.push(`drift: ${drift.missing.length} rules missing, ${drift.extra.length} unexpected (edited by hand? run \`lintas apply\`)`);
      for (const m of drift.missing) lines.push(`  missing: ${m}`);
      for (const e of drift.extra) lines.push(`  unexpected: ${e}`);
    } else lines.push("drift: none, the kernel enforces the stored config");
  }
  const counts = open.counts && PROTOCOLS.map((spec) => `${spec.id} ${open.counts![spec.id]}`).join(", ");
  lines.push(counts ? `open VPN flows: ${counts} (lintas flows lists them)` : `open VPN flows: unknown (${open.unavailable})`);
  return lines.join("\n");
}

export function formatFlows({ flows, unavailable }: { flows: VpnFlow[]; unavailable?: string }): string {
  if (unavailable) return `open flows cannot be read: ${unavailable}`;
  if (flows.length === 0) return "no VPN flows open";
  const rows = flows.map((f) => [
    `${f.protocol}/${f.flow}`,
    f.client,
    f.server,
    f.detail,
    f.replyTo === f.client ? "routed" : `NAT ${f.replyTo}`,
    [f.state, f.replied ? "" : "unreplied", f.helper ? `helper ${f.helper}` : ""].filter(Boolean).join(", "),
  ]);
  return textTable(["flow", "LAN client", "server", "ports/keys", "return path", "state"], rows);
}

/** Columns padded to their widest cell, two spaces apart. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}
