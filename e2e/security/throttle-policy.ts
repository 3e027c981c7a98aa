// The login brake's policy, as the audit log shows it was kept: 2 failures go free, the 3rd is checked at once
// too, then each further password is checked only after a delay that doubles (1 s, 2 s, 4 s ...), and 10
// failures lock the address out of the account; a success starts the count again. Sent at once or one by one,
// tries cost the same.
import type { AuditRow } from "./panel";

const LOCK_AFTER = 10;
const SHOWN = 5;

/**
 * What the checked tries (login.failed and login.ok rows of one address) did that the policy forbids; [] =
 * nothing. `since`: when the tries began to be sent. The k-th check since the start or the last success
 * (k >= 4) cannot have been let through before the delays in between had passed, 1 + 2 + ... + 2^(k-4) s:
 * its row, written after the check, cannot be older. A slow check only makes its row later.
 */
export function policyBreaches(checked: AuditRow[], since: number): string[] {
  const breaches: string[] = [];
  let k = 0;
  for (const row of [...checked].sort((a, b) => a.id - b.id)) {
    const after = Date.parse(row.at) - since;
    k++;
    const earliest = k >= 4 ? 1000 * (2 ** (k - 3) - 1) : 0;
    if (k > LOCK_AFTER) breaches.push(`check #${k} after the address was locked at ${LOCK_AFTER}`);
    else if (after < earliest) breaches.push(`check #${k} done ${after} ms after the first try; the policy lets it through at ${earliest} ms`);
    if (row.action === "login.ok") k = 0;
  }
  return breaches.length > SHOWN ? [...breaches.slice(0, SHOWN), `and ${breaches.length - SHOWN} more`] : breaches;
}
