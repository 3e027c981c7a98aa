// What the VPN and Status pages show per protocol, built from the catalogue and the kernel read-back.
import type { BadgeState } from "@/components/status-badge";
import type { Translator } from "@/lib/i18n";
import { adviceKey, optionLabelKey, summaryKey } from "@/lib/i18n/catalogue";
import type { StatusReport } from "@/lib/passthrough";
import { optionsOf, PROTOCOLS, type FlowMatch, type OptionId, type ProtocolId } from "@/netfilter";

/** "TCP 1723", "GRE": the same in every language. */
const wireName = (match: FlowMatch) => ("port" in match ? `${match.l4proto.toUpperCase()} ${match.port}` : match.l4proto.toUpperCase());

export type Badge = { state: BadgeState; label: string; reason?: string };
export type ProtocolView = {
  id: ProtocolId;
  title: string;
  summary: string;
  advice?: string;
  weak: boolean;
  opens: string;
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
      opens: spec.flows.map((f) => wireName(f.match)).join(", "),
      options: optionsOf(spec.id).map(([key]) => ({ key, label: t(optionLabelKey(spec.id, key)) })),
    };
  });
}

/** The kernel's verdict per protocol: unavailable (with the reason) wins, then what the read-back found. */
export function kernelBadges(report: Pick<StatusReport, "kernel" | "capabilities">, t: Translator): Record<ProtocolId, Badge> {
  const badges = {} as Record<ProtocolId, Badge>;
  for (const spec of PROTOCOLS) {
    const kernel = report.kernel?.protocols.find((p) => p.id === spec.id);
    const helper = spec.helper ? report.capabilities.helpers[spec.helper.name] : undefined;
    if (helper && !helper.available) {
      badges[spec.id] = { state: "unavailable", label: t("state.unavailable"), reason: helper.reason };
    } else if (!kernel) {
      badges[spec.id] = { state: "absent", label: t("state.absent") };
    } else {
      badges[spec.id] = { state: kernel.actual, label: t(`state.${kernel.actual}`), reason: kernel.inSync ? undefined : t("state.drift") };
    }
  }
  return badges;
}
