// What the VPN and Status pages show per protocol, built from the catalogue and the kernel read-back.
import type { BadgeState } from "@/components/status-badge";
import type { Translator } from "@/lib/i18n";
import { adviceKey, optionLabelKey, summaryKey } from "@/lib/i18n/catalogue";
import { hostMessages, protocolState, type StatusReport } from "@/lib/passthrough";
import { optionsOf, PROTOCOLS, type OptionId, type ProtocolId } from "@/netfilter";

/** `reason` says why it is not what was asked for; `note` what else is true (where the host firewall was opened). */
export type Badge = { state: BadgeState; label: string; reason?: string; note?: string };
export type ProtocolView = {
  id: ProtocolId;
  title: string;
  summary: string;
  advice?: string;
  weak: boolean;
  options: { key: OptionId<ProtocolId>; label: string }[];
};

export function protocolViews(t: Translator): ProtocolView[] {
  return PROTOCOLS.map((spec) => {
    const advice = adviceKey(spec.id);
    return {
      id: spec.id,
      title: spec.title,
      summary: t(summaryKey(spec.id)),
      advice: advice && t(advice),
      weak: spec.weak,
      options: optionsOf(spec.id).map(([key]) => ({ key, label: t(optionLabelKey(spec.id, key)) })),
    };
  });
}

const STATE_LABELS = {
  active: "state.active",
  blocked: "state.blocked",
  partial: "state.partial",
  absent: "state.absent",
  hostBlocked: "state.hostBlocked",
  hostUnknown: "state.hostUnknown",
} as const;

/**
 * What each protocol's traffic meets: unavailable (with the reason) wins, then Lintas's table as read back, then
 * the host firewall beside it ("Active" only when nothing on the host drops it, the host's verdict as the reason).
 */
export function kernelBadges(report: Pick<StatusReport, "kernel" | "capabilities" | "host">, t: Translator): Record<ProtocolId, Badge> {
  const badges = {} as Record<ProtocolId, Badge>;
  for (const spec of PROTOCOLS) {
    const kernel = report.kernel?.protocols.find((p) => p.id === spec.id);
    const helper = spec.helper ? report.capabilities.helpers[spec.helper.name] : undefined;
    if (helper && !helper.available) {
      badges[spec.id] = { state: "unavailable", label: t("state.unavailable"), reason: helper.reason };
    } else if (!kernel) {
      badges[spec.id] = { state: "absent", label: t("state.absent") };
    } else {
      const state = protocolState(spec.id, kernel, report.host);
      const host = !report.host
        ? []
        : report.host.readable
          ? hostMessages(report.host.protocols[spec.id]).map((m) => t(m.key, m.params))
          : [t("status.hostFirewall.unreadable", { reason: report.host.reason })];
      const reason = !kernel.inSync ? t("state.drift") : state === "hostBlocked" || state === "hostUnknown" ? host[0] : undefined;
      const note = state === "active" && host.length > 1 ? host.slice(1).join("; ") : undefined;
      badges[spec.id] = { state, label: t(STATE_LABELS[state]), reason, note };
    }
  }
  return badges;
}
