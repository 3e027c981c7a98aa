// Read-only status until the admin panel (login, switches) lands: what the kernel enforces per protocol.
import { PROTOCOLS } from "@/netfilter";
import { status } from "@/lib/router";

export const dynamic = "force-dynamic";

export default async function StatusPage() {
  const report = await status();
  return (
    <main className="mx-auto max-w-2xl p-6">
      <h1 className="text-2xl font-semibold">Lintas</h1>
      <p className="mt-1 text-sm text-slate-500">VPN passthrough · backend {report.backend} ({report.backendReason})</p>
      {report.network ? (
        <p className="mt-4 text-sm">
          LAN {report.network.lanInterfaces.join(", ")} → WAN {report.network.wanInterface}
        </p>
      ) : (
        <p className="mt-4 text-sm">The network is not configured yet: run <code>lintas network set</code>.</p>
      )}
      <ul className="mt-6 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {PROTOCOLS.map((spec) => {
          const kernel = report.kernel?.protocols.find((p) => p.id === spec.id);
          return (
            <li key={spec.id} className="flex items-center justify-between p-4">
              <div>
                <p className="font-medium">{spec.title}</p>
                <p className="text-xs text-slate-500">{spec.summary.en}</p>
              </div>
              <span className="ml-4 shrink-0 rounded bg-slate-100 px-2 py-1 text-xs dark:bg-slate-800">
                {kernel ? kernel.actual : "not applied"}
              </span>
            </li>
          );
        })}
      </ul>
    </main>
  );
}
