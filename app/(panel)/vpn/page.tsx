import { status } from "@/lib/passthrough";
import { TRACE_SECONDS } from "@/lib/trace";
import { currentTranslator, requireSession } from "../../_server/request";
import { DriftNotice } from "../drift-notice";
import { PassthroughPanel } from "./passthrough-panel";
import { kernelBadges, protocolViews } from "../protocol-view";

// Long enough to start a VPN client after pressing Diagnose; the dialog can stop it sooner.
const PANEL_TRACE_SECONDS = Math.min(30, TRACE_SECONDS.max);

export default async function VpnPage() {
  const session = await requireSession();
  const { lang, t } = await currentTranslator(session);
  const report = await status();
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
          protocols={protocolViews(t)}
          saved={report.passthrough}
          badges={kernelBadges(report, t)}
          labels={{
            switch: t("vpn.switch", { protocol: "{protocol}" }),
            opens: t("vpn.ports"),
            weak: t("vpn.weak"),
            pending: t("vpn.pending", { count: "{count}" }),
            pendingOne: t("vpn.pending.one"),
            discard: t("vpn.discard"),
            preview: t("vpn.preview"),
            hidePreview: t("vpn.hidePreview"),
            save: t("vpn.save"),
            applying: t("vpn.applying"),
            applied: t("vpn.applied"),
            failed: t("vpn.failed", { error: "{error}" }),
            diffTitle: t("vpn.diffTitle"),
            noDiff: t("vpn.noDiff"),
            diagnose: t("trace.diagnose"),
          }}
          traceSeconds={PANEL_TRACE_SECONDS}
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
