// The Monitor page's traffic section: the last hour's figures rendered on the server, the chart and the other
// periods in the browser (traffic-chart.tsx). Only this route loads the chart library.
import { trafficChart } from "@/lib/traffic/chart";
import { TRAFFIC_RANGES, type TrafficRange } from "@/lib/traffic/tiers";
import { PROTOCOLS } from "@/netfilter/protocols";
import { currentTranslator, requireSession } from "../../_server/request";
import { TrafficChart, type TrafficWords } from "./traffic-chart";

export async function TrafficSection() {
  const session = await requireSession();
  const { lang, t } = await currentTranslator(session);
  const each = (word: (range: TrafficRange) => string) => Object.fromEntries(TRAFFIC_RANGES.map((range) => [range, word(range)])) as Record<TrafficRange, string>;
  const rangeName = each((range) => t(`traffic.range.${range}`).toLowerCase());
  const words: TrafficWords = {
    range: t("traffic.range"),
    ranges: each((range) => t(`traffic.range.${range}`)),
    axis: each((range) => t("traffic.axis", { bucket: t(`traffic.bucket.${range}`) })),
    chart: each((range) => t("traffic.chart", { range: rangeName[range] })),
    caption: each((range) => t("traffic.table.caption", { range: rangeName[range] })),
    busiest: each((range) => t("traffic.table.busiest", { bucket: t(`traffic.bucket.${range}`) })),
    empty: t("traffic.empty"),
    loading: t("traffic.loading"),
    // Filled in the browser with what went wrong.
    failed: t("traffic.failed", { error: "{error}" }),
    table: t("traffic.table"),
    protocol: t("traffic.table.protocol"),
    sent: t("traffic.table.sent"),
    received: t("traffic.table.received"),
    none: t("traffic.table.none"),
    packets: t("traffic.packets", { count: "{count}" }),
  };
  return (
    <section aria-labelledby="traffic-title" data-testid="traffic" className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 id="traffic-title" className="mb-1 font-semibold">{t("traffic.title")}</h2>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">{t("traffic.intro")}</p>
      <TrafficChart initial={trafficChart("hour")} protocols={PROTOCOLS.map(({ id, title }) => ({ id, title }))} words={words} lang={lang} />
    </section>
  );
}
