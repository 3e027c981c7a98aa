// The login brake's policy, as the audit log shows it was kept: 2 failures go free, the 3rd is checked at once
// too, then each further password is checked only after a delay that doubles (1 s, 2 s, 4 s ...), and 10
// failures lock the address out of the account. Sent at once or one by one, tries cost the same.
import type { AuditRow } from "./panel";

/** Checks running side by side end up to this much apart from when they were let through. */
const CHECK_SLACK_MS = 750;
const LOCK_AFTER = 10;
const SHOWN = 5;

/** What the checked tries (audit rows of one address, any outcome) did that the policy forbids; [] = nothing. */
export function policyBreaches(checked: AuditRow[]): string[] {
  const times = checked.map((row) => Date.parse(row.at)).sort((a, b) => a - b);
  const breaches = times.length > LOCK_AFTER ? [`${times.length} passwords checked; the address locks after ${LOCK_AFTER}`] : [];
  for (let k = 4; k <= times.length; k++) {
    const gap = times[k - 1]! - times[k - 2]!;
    const delay = 1000 * 2 ** (k - 4);
    if (gap < delay - CHECK_SLACK_MS) breaches.push(`check #${k} came ${gap} ms after #${k - 1}; the policy makes it wait ${delay} ms`);
  }
  return breaches.length > SHOWN ? [...breaches.slice(0, SHOWN), `and ${breaches.length - SHOWN} more`] : breaches;
}
