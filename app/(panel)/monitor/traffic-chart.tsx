"use client";
// The traffic chart (Recharts): each protocol's bytes per bucket over the chosen period, in the reader's time
// zone, with the same figures as a table for whoever cannot see the chart. A period picked fetches its figures
// from /monitor/traffic; the shown one is fetched again every 30 s while the tab is visible.
import { useEffect, useState, useSyncExternalStore } from "react";
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ProtocolId } from "@/netfilter/protocols";
import type { TrafficChart as ChartData } from "@/lib/traffic/chart";
import type { TrafficRange } from "@/lib/traffic/tiers";
import { formatBytes, formatCount, formatMoment, formatTick } from "./traffic-format";

export type TrafficWords = {
  range: string;
  ranges: Record<TrafficRange, string>;
  axis: Record<TrafficRange, string>;
  chart: Record<TrafficRange, string>;
  caption: Record<TrafficRange, string>;
  busiest: Record<TrafficRange, string>;
  empty: string;
  loading: string;
  failed: string;
  table: string;
  protocol: string;
  sent: string;
  received: string;
  none: string;
  packets: string;
};

// Colours with at least 3:1 against both the light and the dark card.
const COLOURS = ["#0284c7", "#d97706", "#059669", "#9333ea"];
const REFRESH_MS = 30_000;

const unchanging = () => () => {};

export function TrafficChart({ initial, protocols, words, lang }: { initial: ChartData; protocols: { id: ProtocolId; title: string }[]; words: TrafficWords; lang: string }) {
  const [data, setData] = useState(initial);
  const [range, setRange] = useState<TrafficRange>(initial.range);
  const [state, setState] = useState<"ready" | "loading" | { error: string }>("ready");
  // Times are written in the reader's zone: only once in the browser (the server's render knows no zone).
  const inBrowser = useSyncExternalStore(unchanging, () => true, () => false);

  useEffect(() => {
    let cancelled = false;
    const load = async (quiet: boolean) => {
      if (!quiet) setState("loading");
      try {
        const response = await fetch(`/monitor/traffic?range=${range}`, { cache: "no-store" });
        const body = await response.json();
        if (!response.ok) throw new Error(body.error ?? response.statusText);
        if (!cancelled) (setData(body as ChartData), setState("ready"));
      } catch (error) {
        if (!cancelled) setState({ error: (error as Error).message });
      }
    };
    if (range !== data.range) void load(false);
    const timer = setInterval(() => document.visibilityState === "visible" && void load(true), REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
    // Only a new period fetches: data.range is read to skip fetching the figures already shown.
  }, [range]);

  const shown = data.range;
  const quiet = data.totals.every((total) => total.bytesOut + total.bytesIn === 0);
  const bytes = (value: number) => formatBytes(value, lang);
  return (
    <div className="space-y-4" data-testid="traffic-chart" data-range={shown} data-points={data.points.length}>
      <div role="group" aria-label={words.range} className="inline-flex rounded-lg border border-slate-300 p-0.5 dark:border-slate-700">
        {(Object.keys(words.ranges) as TrafficRange[]).map((id) => (
          <button
            key={id}
            type="button"
            aria-pressed={range === id}
            onClick={() => setRange(id)}
            data-testid={`traffic-range-${id}`}
            className="rounded-md px-3 py-1 text-sm font-medium text-slate-700 aria-pressed:bg-sky-700 aria-pressed:text-white dark:text-slate-200"
          >
            {words.ranges[id]}
          </button>
        ))}
      </div>
      <p aria-live="polite" className="text-sm text-slate-600 dark:text-slate-400">
        {state === "loading" ? words.loading : typeof state === "object" ? words.failed.replace("{error}", state.error) : quiet ? words.empty : ""}
      </p>
      <figure className="text-slate-600 dark:text-slate-400">
        <figcaption className="sr-only">{words.chart[shown]}</figcaption>
        <div className="h-72 w-full">
          {inBrowser && (
            <ResponsiveContainer width="100%" height="100%">
              <AreaChart data={data.points} accessibilityLayer title={words.chart[shown]} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
                <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
                <XAxis
                  dataKey="at"
                  type="number"
                  scale="time"
                  domain={["dataMin", "dataMax"]}
                  tickFormatter={(at: number) => formatTick(at, lang, shown === "week")}
                  tick={{ fill: "currentColor", fontSize: 12 }}
                  stroke="currentColor"
                  minTickGap={24}
                />
                <YAxis
                  tickFormatter={bytes}
                  tick={{ fill: "currentColor", fontSize: 12 }}
                  stroke="currentColor"
                  width={72}
                  label={{ value: words.axis[shown], angle: -90, position: "insideLeft", fill: "currentColor", fontSize: 12, dx: -4 }}
                />
                <Tooltip
                  labelFormatter={(at) => formatMoment(Number(at), lang)}
                  formatter={(value) => bytes(Number(value))}
                  contentStyle={{ background: "#fff", color: "#0f172a", borderRadius: 8 }}
                />
                <Legend wrapperStyle={{ fontSize: 13 }} itemSorter={null} />
                {protocols.map((protocol, i) => (
                  <Area
                    key={protocol.id}
                    type="monotone"
                    dataKey={protocol.id}
                    name={protocol.title}
                    stroke={COLOURS[i % COLOURS.length]}
                    fill={COLOURS[i % COLOURS.length]}
                    fillOpacity={0.15}
                    strokeWidth={2}
                    isAnimationActive={false}
                    dot={false}
                  />
                ))}
              </AreaChart>
            </ResponsiveContainer>
          )}
        </div>
      </figure>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium text-sky-800 dark:text-sky-300">{words.table}</summary>
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-left" data-testid="traffic-table">
            <caption className="sr-only">{words.caption[shown]}</caption>
            <thead>
              <tr className="border-b border-slate-200 dark:border-slate-700">
                <th scope="col" className="py-1 pr-3">{words.protocol}</th>
                <th scope="col" className="py-1 pr-3">{words.sent}</th>
                <th scope="col" className="py-1 pr-3">{words.received}</th>
                <th scope="col" className="py-1">{words.busiest[shown]}</th>
              </tr>
            </thead>
            <tbody>
              {data.totals.map((total) => (
                <tr key={total.protocol} className="border-b border-slate-100 dark:border-slate-800" data-testid={`traffic-row-${total.protocol}`}>
                  <th scope="row" className="py-1 pr-3 font-medium">{protocols.find((p) => p.id === total.protocol)?.title ?? total.protocol}</th>
                  <td className="py-1 pr-3">{bytes(total.bytesOut)} ({words.packets.replace("{count}", formatCount(total.packetsOut, lang))})</td>
                  <td className="py-1 pr-3">{bytes(total.bytesIn)} ({words.packets.replace("{count}", formatCount(total.packetsIn, lang))})</td>
                  <td className="py-1">{total.busiest ? `${bytes(total.busiest.bytes)}, ${inBrowser ? formatMoment(total.busiest.at, lang) : new Date(total.busiest.at).toISOString()}` : words.none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
