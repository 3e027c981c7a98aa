// A stand-in Monitor page with the traffic section only, for this branch's browser test: the Monitor page itself
// (flows, blocked attempts) comes from its own branch, which mounts <TrafficSection /> beside the rest.
import { currentTranslator, requireSession } from "../../_server/request";
import { TrafficSection } from "./traffic-section";

export default async function MonitorPage() {
  const { t } = await currentTranslator(await requireSession());
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">{t("traffic.title")}</h1>
      <TrafficSection />
    </div>
  );
}
