// What the VPN and Status pages show per protocol, built from the catalogue and what the traffic meets.
import type { BadgeState } from "@/components/status-badge";
import type { Message, Translator } from "@/lib/i18n";
import { adviceKey, optionLabelKey, summaryKey } from "@/lib/i18n/catalogue";
import { hostMessages, trafficReason, type StatusReport } from "@/lib/passthrough";
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
  partly: "state.partial",
  unknown: "state.unknown",
} as const;

/**
 * What each protocol's traffic meets, judged through every firewall on the forward path (Lintas's table
 * included): unavailable (with the reason) wins, then the verdict. The reason says why it is not simply what the
 * switch asks for (the rule that breaks it, as nft prints it); the note where Lintas opened the host firewall.
 */
export function kernelBadges(report: Pick<StatusReport, "kernel" | "capabilities" | "host" | "traffic">, t: Translator): Record<ProtocolId, Badge> {
  const badges = {} as Record<ProtocolId, Badge>;
  const words = (text: Message) => t(text.key, text.params);
  for (const spec of PROTOCOLS) {
    const kernel = report.kernel?.protocols.find((p) => p.id === spec.id);
    const traffic = report.traffic?.[spec.id];
    const helper = spec.helper ? report.capabilities.helpers[spec.helper.name] : undefined;
    if (helper && !helper.available) {
      badges[spec.id] = { state: "unavailable", label: t("state.unavailable"), reason: helper.reason };
      continue;
    }
    if (!kernel || !traffic) {
      badges[spec.id] = { state: "unknown", label: t("state.unknown") };
      continue;
    }
    const state = traffic.verdict;
    const reason = trafficReason(kernel, traffic);
    const opened = state === "active" && report.host?.readable ? hostMessages(report.host.protocols[spec.id]).slice(1).map(words) : [];
    badges[spec.id] = { state, label: t(STATE_LABELS[state]), reason: reason && words(reason), note: opened.length > 0 ? opened.join("; ") : undefined };
  }
  return badges;
}
