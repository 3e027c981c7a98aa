import { monitorPayload, monitorView } from "@/lib/monitor";
import { currentTranslator, requireSession } from "../../_server/request";
import { allowDeviceAction } from "./actions";
import { MonitorLive } from "./monitor-live";
import { TrafficSection } from "./traffic-section";

export default async function MonitorPage() {
  const session = await requireSession();
  const { t } = await currentTranslator(session);
  const initial = monitorPayload(await monitorView(), t);
  const labels = {
    flows: t("monitor.flows"),
    noFlows: t("monitor.noFlows"),
    others: t("monitor.others"),
    blocked: t("monitor.blocked"),
    blockedIntro: t("monitor.blocked.intro"),
    blockedNone: t("monitor.blocked.none"),
    allow: t("monitor.allow"),
    advice: t("monitor.advice"),
    refreshFailed: t("monitor.refreshFailed"),
    columns: {
      vpn: t("monitor.col.vpn"),
      device: t("monitor.col.device"),
      server: t("monitor.col.server"),
      detail: t("monitor.col.detail"),
      sent: t("monitor.col.sent"),
      received: t("monitor.col.received"),
      age: t("monitor.col.age"),
      nat: t("monitor.col.nat"),
    },
  };
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("monitor.title")}</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("monitor.intro")}</p>
      </div>
      <MonitorLive initial={initial} labels={labels} allow={allowDeviceAction} />
      <TrafficSection />
    </div>
  );
}
