// The watcher (`lintas watch`, and inside `lintas serve`): keeps the kernel holding what the stored config asks
// for. Level-triggered: a ruleset event, the periodic check or the start only say "look again"; each look
// compares the stored config with the kernel under the apply lock and, if they differ, re-applies it through
// the one pipeline (repairDrift). Its own applies' events lead to one more look that finds all in place: no loop.
// Idle, it is a blocked `nft monitor` and one timer: no CPU between events. Each look first turns off the
// switches whose deadline has passed (expireDue), then arms a timer for the nearest deadline left: every apply,
// from any process, is a ruleset event and so a look, and the periodic check looks too, so the timer follows
// the stored config.
import { nextDeadline } from "../../netfilter/expiry";
import { commandRunner } from "../../netfilter/exec";
import { monitorRuleset } from "../../netfilter/monitor";
import type { Followed } from "../../netfilter/exec";
import type { Actor } from "../audit";
import { translator } from "../i18n";
import { loadConfig } from "../settings";
import { expiredText } from "../expiry-text";
import { expireDue } from "../passthrough/expire";
import { repairDrift, type RepairCause } from "../passthrough/repair";
import type { RouterOptions } from "../passthrough/types";
import { describeRepair } from "../repair-text";
import { CauseCollector } from "./cause";
import { backoffMs, Debounce, type DebounceTiming } from "./debounce";
import { RESOLVE_EVERY_MS, startNameChecks } from "./names";

export type WatcherOptions = Omit<RouterOptions, "actor"> & {
  /** Which program runs it, for the audit: "lintas watch" or "lintas serve". */
  host: string;
  log: (line: string) => void;
};

export type Watcher = { actor: Actor; stop(): Promise<void> };

/** A firewall reload is ~740 events over 6 transactions in about a second: wait for 200 ms of quiet, 1 s at most. */
const TIMING: DebounceTiming = { quietMs: 200, maxDelayMs: 1000, backoffFirstMs: 1000, backoffMaxMs: 120_000 };
const POLL_MS = 30_000; // the fallback for what nft monitor cannot see (iptables-legacy) or missed
const MONITOR_RESTART = { firstMs: 1000, maxMs: 60_000 };
/** This many repairs within the window mean a fight with another program, not a reload: back off. */
const FIGHT = { repairs: 10, windowMs: 30_000 };
/** setTimeout's longest wait (~24.8 days); a later deadline is armed again by the periodic check. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const en = translator("en");

export function startWatcher(options: WatcherOptions): Watcher {
  const { host, log } = options;
  const runner = options.runner ?? commandRunner();
  const actor: Actor = { name: `watcher (${host}, pid ${process.pid})` };
  const now = options.now ?? Date.now;
  const routerOptions: RouterOptions = { runner, backend: options.backend, actor, now };
  const collector = new CauseCollector();
  let fallback: "start" | "poll" = "start";
  let retry: RepairCause | undefined;
  let stopped = false;
  let recentRepairs: number[] = [];

  // A look succeeds when all is in place afterwards. One whose re-apply left something missing fails, and so does
  // every look while repairs come faster than a reload makes them (a program undoing them as they come back):
  // the debounce then backs off, ever longer, instead of fighting.
  const look = async (): Promise<boolean> => {
    const cause = !collector.pending && retry ? retry : collector.take(fallback);
    const first = fallback === "start";
    fallback = "poll";
    try {
      const done = await expireDue(routerOptions);
      if (done) log(`${done.expired.map((e) => expiredText(e, en)).join("; ")} (applied in ${Math.round(done.report.timings.totalMs)} ms)`);
    } catch (error) {
      retry = cause;
      log(`could not turn off a switch whose time was up: ${(error as Error).message}; trying again after a back-off`);
      return false;
    } finally {
      armExpiry();
    }
    let repair;
    try {
      repair = await repairDrift(cause, routerOptions);
      retry = undefined;
    } catch (error) {
      retry = cause;
      log(`could not repair (${describeRepair({ cause, found: [] }, en)}): ${(error as Error).message}; trying again after a back-off`);
      return false;
    }
    if (!repair) {
      if (first) log("at start: nothing to repair");
    } else {
      log(`${describeRepair(repair, en)} (re-applied in ${Math.round(repair.report.timings.totalMs)} ms)`);
      const remaining = repair.remaining.map(({ part }) => (typeof part === "string" ? part : en(part.key, part.params)));
      if (remaining.length) log(`still not in place after the re-apply: ${remaining.join(", ")}; backing off`);
    }
    const now = Date.now();
    const wasFighting = recentRepairs.length >= FIGHT.repairs;
    recentRepairs = [...recentRepairs.filter((at) => now - at < FIGHT.windowMs), ...(repair ? [now] : [])];
    const fighting = recentRepairs.length >= FIGHT.repairs;
    if (fighting && !wasFighting) log(`${recentRepairs.length} repairs in ${FIGHT.windowMs / 1000} s: something keeps undoing them; backing off`);
    return !fighting && !repair?.remaining.length;
  };
  const debounce = new Debounce(look, TIMING);

  // The nearest deadline of the stored config: a look then turns the switch off.
  let expiryTimer: NodeJS.Timeout | undefined;
  const armExpiry = () => {
    clearTimeout(expiryTimer);
    let deadline: number | undefined;
    try {
      deadline = stopped ? undefined : nextDeadline(loadConfig().passthrough);
    } catch (error) {
      // The periodic check arms it again; a look must not throw (nothing would catch it).
      log(`could not read the stored deadlines: ${(error as Error).message}`);
    }
    if (deadline !== undefined) expiryTimer = setTimeout(() => debounce.poke(true), Math.min(Math.max(deadline - now(), 0), MAX_TIMER_MS));
  };

  // nft monitor, restarted when it ends: one that fails at once (no nft, no permission) is retried ever more
  // slowly while the periodic check carries on. The log says when a series of failures starts and when the
  // retries have slowed to their slowest, not every retry.
  let monitor: Followed | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let quickEnds = 0;
  const startMonitor = () => {
    const started = Date.now();
    const current = monitorRuleset(runner, (event) => {
      collector.add(event);
      if (event.kind === "change") debounce.poke();
    });
    monitor = current;
    void current.ended.then(({ code, stderr }) => {
      if (stopped) return;
      quickEnds = Date.now() - started > MONITOR_RESTART.maxMs ? 1 : quickEnds + 1;
      const delay = backoffMs(quickEnds, MONITOR_RESTART.firstMs, MONITOR_RESTART.maxMs);
      const why = `exit ${code}${stderr.trim() ? `: ${stderr.trim().split("\n")[0]}` : ""}`;
      if (quickEnds === 1) log(`nft monitor ended (${why}); restarting it, checking every ${POLL_MS / 1000} s meanwhile`);
      else if (delay === MONITOR_RESTART.maxMs && backoffMs(quickEnds - 1, MONITOR_RESTART.firstMs, MONITOR_RESTART.maxMs) < delay) {
        log(`nft monitor keeps ending (${why}); trying it again every ${delay / 1000} s`);
      }
      debounce.poke(true); // events may have been missed
      restartTimer = setTimeout(startMonitor, delay);
    });
  };

  startMonitor();
  const poll = setInterval(() => debounce.poke(true), POLL_MS);
  debounce.poke(true); // at start (a boot): reconcile at once
  const names = startNameChecks(routerOptions, log, en);
  log(`watching the ruleset (nft monitor, and a check every ${POLL_MS / 1000} s; scopes' names resolved again every ${RESOLVE_EVERY_MS / 60_000} min) as ${actor.name}`);

  return {
    actor,
    async stop() {
      stopped = true;
      clearInterval(poll);
      await names.stop();
      clearTimeout(expiryTimer);
      clearTimeout(restartTimer);
      await debounce.stop();
      await monitor?.stop();
    },
  };
}
