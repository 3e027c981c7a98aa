// The host firewall's verdicts as messages: netfilter/hostfw reports data, the reader gets sentences naming the
// table and chain (the rule's own text stays as nft or iptables prints it).
import type { HostProtocolReport, HostVerdict, OpenedIn, Owner, TableRef, UnknownReason } from "../../netfilter";
import { message, type Message } from "../i18n";

/** "inet filter"; a legacy x_tables table says so: "ip filter (iptables-legacy)". */
export const tableName = (table: TableRef) => `${table.family} ${table.name}${table.source === "iptables-legacy" ? " (iptables-legacy)" : ""}`;

export const ownerName = (owner: Owner): Message => ({ key: `host.owner.${owner}` });

export function verdictMessage(verdict: HostVerdict): Message {
  switch (verdict.verdict) {
    case "passes":
      return message("host.passes");
    case "blocked": {
      const { at } = verdict;
      return at.rule === undefined
        ? message("host.blocked.policy", { table: tableName(at.table), chain: at.chain })
        : message("host.blocked.rule", { table: tableName(at.table), chain: at.chain, rule: at.rule });
    }
    case "unknown":
      return message("host.unknown", { why: reasonMessage(verdict.reason) });
  }
}

export function reasonMessage(reason: UnknownReason): Message {
  const table = tableName(reason.table);
  switch (reason.code) {
    case "unreadable":
      return message("host.why.unreadable", { table, detail: reason.detail });
    case "match":
      return message("host.why.match", { table, chain: reason.chain, rule: reason.rule, match: reason.match });
    case "verdict":
      return message("host.why.verdict", { table, chain: reason.chain, rule: reason.rule });
    case "missing-chain":
      return message("host.why.missingChain", { table, chain: reason.chain, target: reason.target });
    case "too-complex":
      return message("host.why.tooComplex", { table, chain: reason.chain });
  }
}

export const openedMessage = (opened: OpenedIn): Message => ({ key: `host.openedIn.${opened.owner}`, params: { where: opened.where } });

/** What the host does to one protocol, then where Lintas opened it: "passes the host firewall", "opened in ...". */
export function hostMessages(report: HostProtocolReport): Message[] {
  return [verdictMessage(report.verdict), ...report.openedIn.map(openedMessage)];
}
