// What an audit row says, in the reader's words. A config change reads "IPsec ESP: on → off": the diff of the
// before/after configs that every config row stores, rows written before the diff existed included.
import { z } from "zod";
import {
  configDiff,
  configSchema,
  findSwitch,
  networkSchema,
  passthroughSchema,
  protocolSpec,
  SWITCHES,
  switchValue,
  type HostFirewallMode,
  type NetworkChange,
  type ProtocolId,
  type ScopeChange,
  type SwitchChange,
} from "../netfilter";
import { isMessageKey, type MessageKey, type Translator } from "./i18n";
import { describeRepair, type RepairDetail } from "./repair-text";
import { expiryChangeTexts } from "./expiry-text";

const storedConfig = z.object({ network: networkSchema.optional(), passthrough: passthroughSchema });

// The host firewall's modes are words of the page; interface names stay as they are.
const HOST_MODE_NAMES: Record<HostFirewallMode, MessageKey> = { open: "host.modeName.open", report: "host.modeName.report" };
const isHostFirewallMode = (v: string): v is HostFirewallMode => v in HOST_MODE_NAMES;

const NETWORK_LABELS: Record<NetworkChange["key"], MessageKey> = {
  "network.lanInterfaces": "status.lan",
  "network.wanInterface": "status.wan",
  "network.masquerade": "status.masquerade",
  "network.hostFirewall": "status.hostFirewall",
};

export function describeAuditDetail(detail: Record<string, unknown>, t: Translator): string {
  const after = configSchema.safeParse(detail.after);
  if (!after.success) {
    return Object.entries(detail).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`).join(", ");
  }
  const before = storedConfig.safeParse(detail.before);
  const value = (v: (SwitchChange | NetworkChange)["after"] | undefined) =>
    v === undefined ? "—" : typeof v === "boolean" ? t(v ? "status.on" : "status.off") : Array.isArray(v) ? v.join(", ") : isHostFirewallMode(v) ? t(HOST_MODE_NAMES[v]) : v;
  const what = before.success
    ? [
        ...configDiff(before.data, after.data).flatMap((change) =>
          "added" in change
            ? scopeChangeText(change, t)
            : [t("audit.change", { setting: settingName(change, t), before: value(change.before), after: value(change.after) })],
        ),
        ...expiryChangeTexts(before.data.passthrough, after.data.passthrough, t),
      ]
    : // A re-apply has no before: it says which switch positions it enforced.
      [t("audit.reapplied", { settings: SWITCHES.map((which) => t("audit.setting", { setting: which.title, value: value(switchValue(after.data.passthrough, which)) })).join(", ") })];
  const error = errorText(detail.error, t);
  // A watcher's repair says first why it acted and what it put back.
  const repair = detail.repair ? [describeRepair(detail.repair as RepairDetail, t)] : [];
  // A repair that changed no setting (scope names that moved) is said by its cause alone.
  return [...repair, ...(what.length ? what : repair.length ? [] : [t("audit.noChange")]), ...(error ? [error] : [])].join("; ");
}

/** Entries shown per scope change; a list of thousands says how many more. */
const MOST_ENTRIES = 10;

function scopeChangeText(change: ScopeChange, t: Translator): string[] {
  const [protocol, , list] = change.key.split(".") as [ProtocolId, "scope", "lan" | "servers"];
  const setting = `${protocolSpec(protocol).title} ${t(list === "lan" ? "scope.list.lan" : "scope.list.servers")}`;
  const entries = (all: string[]) =>
    all.length > MOST_ENTRIES ? t("audit.more", { shown: all.slice(0, MOST_ENTRIES).join(", "), count: all.length - MOST_ENTRIES }) : all.join(", ");
  return [
    ...(change.added.length ? [t("audit.scopeAdded", { setting, entries: entries(change.added) })] : []),
    ...(change.removed.length ? [t("audit.scopeRemoved", { setting, entries: entries(change.removed) })] : []),
  ];
}

function settingName(change: SwitchChange | NetworkChange, t: Translator): string {
  return change.key in NETWORK_LABELS ? t(NETWORK_LABELS[change.key as NetworkChange["key"]]) : findSwitch(change.key)!.title;
}

/** A failed apply's reason: a message (rendered in the reader's language) or, in older rows, English text. */
function errorText(error: unknown, t: Translator): string | undefined {
  if (typeof error === "string") return error;
  const text = error as { key?: unknown; params?: Record<string, string> } | undefined;
  if (typeof text?.key === "string" && isMessageKey(text.key)) return t(text.key, text.params);
  return error === undefined ? undefined : JSON.stringify(error);
}
