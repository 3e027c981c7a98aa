// The login brake's policy, as the audit log shows it was kept: 2 failures go free, the 3rd is checked at once
// too, then each further password is checked only after a delay that doubles (1 s, 2 s, 4 s ...), and 10
// failures lock the address out of the account; a success starts the count again. Sent at once or one by one,
// tries cost the same.
import type { AuditRow } from "./panel";

/** Checks running side by side end up to this much apart from when they were let through. */
const CHECK_SLACK_MS = 750;
const LOCK_AFTER = 10;
const SHOWN = 5;

/**
 * What the checked tries (login.failed and login.ok rows of one address) did that the policy forbids; [] =
 * nothing.
 */
export function policyBreaches(checked: AuditRow[]): string[] {
  const breaches: string[] = [];
  // The k-th check since the last success, and when the one before it ended.
  let k = 0;
  let previous = 0;
  for (const row of [...checked].sort((a, b) => a.id - b.id)) {
    const at = Date.parse(row.at);
    k++;
    const delay = k >= 4 ? 1000 * 2 ** (k - 4) : 0;
    if (k > LOCK_AFTER) breaches.push(`check #${k} after the address was locked at ${LOCK_AFTER}`);
    else if (at - previous < delay - CHECK_SLACK_MS) breaches.push(`check #${k} came ${at - previous} ms after #${k - 1}; the policy makes it wait ${delay} ms`);
    previous = at;
    if (row.action === "login.ok") k = 0;
  }
  return breaches.length > SHOWN ? [...breaches.slice(0, SHOWN), `and ${breaches.length - SHOWN} more`] : breaches;
}
