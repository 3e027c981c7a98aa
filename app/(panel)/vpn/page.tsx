import { status } from "@/lib/passthrough";
import { en } from "@/lib/i18n/en";
import { detailKey } from "@/lib/i18n/catalogue";
import { TRACE_SECONDS } from "@/lib/trace";
import { NO_NAMES, PROTOCOLS, type ProtocolId } from "@/netfilter";
import { routerPath } from "@/netfilter/vpn-kinds";
import { currentTranslator, requireSession } from "../../_server/request";
import { DriftNotice } from "../drift-notice";
import { PassthroughPanel } from "./passthrough-panel";
import type { VpnKey, Words } from "./words";
import { kernelBadges, protocolViews } from "../protocol-view";

// Long enough to start a VPN client after pressing Diagnose; the dialog can stop it sooner.
const PANEL_TRACE_SECONDS = Math.min(30, TRACE_SECONDS.max);

const VPN_KEYS = Object.keys(en).filter((key): key is VpnKey => key.startsWith("vpn."));

export default async function VpnPage() {
  const session = await requireSession();
  const { lang, t } = await currentTranslator(session);
  const report = await status();
  const words = Object.fromEntries(VPN_KEYS.map((key) => [key, t(key)])) as Words;
  const time = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "long", hourCycle: "h23" });
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-semibold tracking-tight">{t("vpn.title")}</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t("vpn.intro")}</p>
      {!report.capabilities.forwarding.ipv4 && (
        <p role="alert" className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">{t("status.forwardingOff")}</p>
      )}
      {report.kernel && !report.kernel.inSync && (
        <div role="alert" className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950" data-testid="drift-banner">
          <DriftNotice kernel={report.kernel} t={t} />
        </div>
      )}
      {report.network ? (
        <PassthroughPanel
          key={lang}
          lang={lang}
          protocols={protocolViews(t)}
          details={Object.fromEntries(PROTOCOLS.map((p) => [p.id, t(detailKey(p.id))])) as Record<ProtocolId, string>}
          saved={report.passthrough}
          names={report.applied?.names ?? NO_NAMES}
          badges={kernelBadges(report, t)}
          path={routerPath(report.network.masquerade, report.capabilities.forwarding)}
          lastApplied={report.applied && time.format(report.applied.appliedAt)}
          words={words}
          diagnose={t("trace.diagnose")}
          traceSeconds={PANEL_TRACE_SECONDS}
          drift={report.kernel !== undefined && !report.kernel.inSync}
          testLabels={{ button: t("test.button"), starting: t("trace.starting"), running: t("test.running", { protocol: "{protocol}", seconds: "{seconds}" }) }}
          traceLabels={{
            title: t("trace.title", { protocol: "{protocol}" }),
            intro: t("trace.intro", { protocol: "{protocol}" }),
            starting: t("trace.starting"),
            running: t("trace.running", { seconds: "{seconds}" }),
            stop: t("trace.stop"),
            close: t("trace.close"),
            again: t("trace.again"),
            stopped: t("trace.stopped", { count: "{count}" }),
            none: t("trace.none", { protocol: "{protocol}" }),
            leftover: t("trace.leftover"),
            packet: t("trace.packet"),
            direction: t("trace.direction"),
            path: t("trace.path"),
            result: t("trace.result"),
            count: t("trace.count", { count: "{count}" }),
            countOne: t("trace.count.one"),
          }}
        />
      ) : (
        <p className="mt-6 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">{t("vpn.notConfigured")}</p>
      )}
    </div>
  );
}
