import { Fragment } from "react";
import { LocalTime } from "@/components/local-time";
import { StatusBadge } from "@/components/status-badge";
import type { Translator } from "@/lib/i18n";
import { hostMessages, openFlows, ownerName, status } from "@/lib/passthrough";
import { PROTOCOLS, type BackendWhy } from "@/netfilter";
import { currentTranslator, requireSession } from "../../_server/request";
import { kernelBadges } from "../protocol-view";
import { HostFirewallForm } from "./host-firewall-form";
import { DriftNotice } from "../drift-notice";
import { ExpiryNotes } from "./expiry-notes";

const FLOWS_SHOWN = 100;

export default async function StatusPage() {
  const session = await requireSession();
  const { t, lang } = await currentTranslator(session);
  // The first page of open flows only: the kernel filters them, and a busy router need not render thousands.
  const [report, open] = await Promise.all([status(), openFlows({}, { limit: FLOWS_SHOWN })]);
  const badges = kernelBadges(report, t);
  const host = report.host;
  // A tool's own reason for being unavailable stays in its words (translate="no": not the page's language).
  const yesNo = (ok: boolean, reason?: string) => (ok ? t("status.yes") : <>{t("status.no")}{reason && <> — <span translate="no">{reason}</span></>}</>);
  const label = "text-slate-600 dark:text-slate-400";
  const card = "rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900";
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">{t("status.title")}</h1>

      {report.kernel && (
        <div className={`${card} ${report.kernel.inSync ? "" : "border-amber-400 dark:border-amber-700"}`} data-testid="drift">
          {report.kernel.inSync ? <p className="text-sm">{t("status.inSync")}</p> : <DriftNotice kernel={report.kernel} t={t} />}
        </div>
      )}

      <ExpiryNotes report={report} t={t} lang={lang} />
      <section className={card}>
        <ul className="divide-y divide-slate-100 dark:divide-slate-800">
          {PROTOCOLS.map((spec) => (
            <li key={spec.id} className="py-2 text-sm">
              <div className="flex items-center justify-between">
                <span>{spec.title}</span>
                <StatusBadge state={badges[spec.id].state} label={badges[spec.id].label} testId={`state-${spec.id}`} />
              </div>
              {badges[spec.id].reason && <p className="mt-1 text-xs text-amber-800 dark:text-amber-300" data-testid={`reason-${spec.id}`}>{badges[spec.id].reason}</p>}
              {badges[spec.id].note && <p className={`mt-1 text-xs ${label}`} data-testid={`note-${spec.id}`}>{badges[spec.id].note}</p>}
            </li>
          ))}
        </ul>
      </section>

      <section className={card} data-testid="host-firewall">
        <h2 className="mb-1 font-semibold">{t("status.hostFirewall")}</h2>
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">{t("status.hostFirewall.intro")}</p>
        {report.network && (
          <HostFirewallForm
            mode={report.network.hostFirewall}
            labels={{ mode: t("status.hostFirewall.mode"), open: t("status.hostFirewall.open"), report: t("status.hostFirewall.report"), save: t("status.hostFirewall.save") }}
          />
        )}
        {!host ? (
          report.network && <p className={`mt-4 text-sm ${label}`}>{t("status.hostFirewall.notRead")}</p>
        ) : !host.readable ? (
          <p className="mt-4 text-sm text-amber-800 dark:text-amber-300">{t("status.hostFirewall.unreadable", { reason: host.reason })}</p>
        ) : (
          <div className="mt-4 space-y-3 text-sm">
            <div>
              <h3 className="font-medium">{t("status.hostFirewall.chains")}</h3>
              <ul className="mt-1 list-disc pl-5" data-testid="host-chains">
                {host.firewalls.length === 0 && <li>{t("host.none")}</li>}
                {host.firewalls.map((fw) => (
                  <li key={`${fw.family} ${fw.table} ${fw.chain}`} className="break-words">
                    {t("host.chain", { table: `${fw.family} ${fw.table}`, chain: fw.chain, priority: fw.priority, policy: fw.policy, owner: ownerName(fw.owner) })}
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3 className="font-medium">{t("status.hostFirewall.protocols")}</h3>
              <ul className="mt-1 space-y-1" data-testid="host-protocols">
                {PROTOCOLS.map((spec) => (
                  <li key={spec.id} className="break-words" data-testid={`host-${spec.id}`}>
                    <span className="font-medium">{spec.title}:</span> {hostMessages(host.protocols[spec.id]).map((m) => t(m.key, m.params)).join("; ")}
                  </li>
                ))}
              </ul>
            </div>
          </div>
        )}
      </section>

      <section className={card}>
        <h2 className="mb-3 font-semibold">{t("status.interfaces")}</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className={label}>{t("status.lan")}</dt><dd translate="no">{report.network?.lanInterfaces.join(", ") ?? "—"}</dd>
          <dt className={label}>{t("status.wan")}</dt><dd translate="no">{report.network?.wanInterface ?? "—"}</dd>
          <dt className={label}>{t("status.masquerade")}</dt><dd>{report.network ? (report.network.masquerade ? t("status.on") : t("status.off")) : "—"}</dd>
          <dt className={label}>{t("status.backend")}</dt><dd data-testid="backend">{report.backend} ({backendWhy(report.backendWhy, t)})</dd>
          <dt className={label}>{t("status.applied")}</dt><dd><span data-testid="applied-at">{report.applied ? <><LocalTime at={report.applied.appliedAt} /> ({report.applied.backend})</> : t("status.never")}</span></dd>
        </dl>
      </section>

      <section className={card}>
        <h2 className="mb-3 font-semibold">{t("status.capabilities")}</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className={label}>nftables</dt><dd>{yesNo(report.capabilities.nftables.available, report.capabilities.nftables.reason)}</dd>
          <dt className={label}>iptables</dt><dd>{yesNo(report.capabilities.iptables.available, report.capabilities.iptables.reason)}</dd>
          <dt className={label}>conntrack</dt><dd>{yesNo(report.capabilities.conntrack.available, report.capabilities.conntrack.reason)}</dd>
          <dt className={label}>{t("status.deadlineInKernel")}</dt><dd>{yesNo(report.capabilities.deadline.available, report.capabilities.deadline.reason)}</dd>
          <dt className={label}>ipset</dt><dd>{yesNo(report.capabilities.ipset.available, report.capabilities.ipset.reason)}</dd>
          <dt className={label}>{t("status.forwarding")}</dt>
          <dd>IPv4 {report.capabilities.forwarding.ipv4 ? t("status.on") : t("status.off")}, IPv6 {report.capabilities.forwarding.ipv6 ? t("status.on") : t("status.off")}</dd>
          {Object.entries(report.capabilities.helpers).map(([name, c]) => (
            <Fragment key={name}><dt className={label}>{t("status.helper", { name })}</dt><dd>{yesNo(c.available, c.reason)}</dd></Fragment>
          ))}
        </dl>
      </section>

      <section className={card}>
        <h2 className="mb-3 font-semibold">{t("status.flows")} ({open.total})</h2>
        {open.unavailable ? (
          <p className="text-sm text-amber-800 dark:text-amber-300" translate="no">{open.unavailable}</p>
        ) : open.flows.length === 0 ? (
          <p className="text-sm">{t("status.noFlows")}</p>
        ) : (
          <div tabIndex={0} role="region" aria-label={t("status.flows")} className="overflow-x-auto">
            <table className="min-w-full text-left text-xs" data-testid="flows">
              <thead className={label}>
                <tr>{(["status.flow", "status.client", "status.server", "status.portsKeys", "status.returnPath", "status.state"] as const).map((k) => <th key={k} className="py-1 pr-4 font-medium">{t(k)}</th>)}</tr>
              </thead>
              <tbody className="divide-y divide-slate-100 font-mono dark:divide-slate-800" translate="no">
                {open.flows.map((f, i) => (
                  <tr key={i}>
                    <td className="py-1 pr-4">{f.protocol}/{f.flow}</td>
                    <td className="py-1 pr-4">{f.client}</td>
                    <td className="py-1 pr-4">{f.server}</td>
                    <td className="py-1 pr-4">{f.detail}</td>
                    <td className="py-1 pr-4" translate="yes">{f.replyTo === f.client ? t("status.routed") : t("status.natTo", { address: f.replyTo })}</td>
                    <td className="py-1 pr-4">{[f.state, f.helper && t("status.helper", { name: f.helper })].filter(Boolean).join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {open.total > open.flows.length && <p className={`mt-2 text-xs ${label}`}>1–{open.flows.length} / {open.total}</p>}
          </div>
        )}
      </section>

      {report.listing && (
        <section className={card}>
          <h2 className="mb-3 font-semibold">{t("status.kernelRules")}</h2>
          {/* Focusable, so a keyboard can scroll its long lines. */}
          <pre tabIndex={0} aria-label={t("status.kernelRules")} className="overflow-x-auto text-xs leading-5" translate="no">{report.listing}</pre>
        </section>
      )}
    </div>
  );
}

/** Why this firewall backend, in the reader's words (the tool's own reason as it came). */
function backendWhy(why: BackendWhy, t: Translator): string {
  switch (why.kind) {
    case "explicit":
      return t("status.backendWhy.explicit");
    case "nftables":
      return t("status.backendWhy.nftables");
    case "iptablesFallback":
      return t("status.backendWhy.iptablesFallback", { reason: why.nftables });
    case "nothingWritable":
      return t("status.backendWhy.nothingWritable", { reason: why.nftables });
  }
}
