// The kernel no longer holds the saved settings (a rule changed by hand, Lintas's table deleted): how it differs,
// and the re-apply that puts them back. On the VPN page (as a banner) and on the Status page.
import type { Translator } from "@/lib/i18n";
import type { KernelStatus } from "@/netfilter";
import { ReapplyButton } from "./status/reapply-button";

export function DriftNotice({ kernel: { drift }, t }: { kernel: KernelStatus; t: Translator }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm font-medium text-amber-800 dark:text-amber-200">
        {drift.tableMissing ? t("status.tableMissing") : t("status.drift", { missing: drift.missing.length, extra: drift.extra.length })}
      </p>
      <ReapplyButton label={t("status.reapply")} />
    </div>
  );
}
