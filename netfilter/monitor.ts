// Ruleset changes as the kernel announces them, read from `nft monitor`. The plain text, not `-j`: only the text
// carries the "# new generation N by process PID (name)" line that closes each transaction and says who made it.
// Element events are left out: set contents never remove a table, a chain or a rule.
import { follow, type Followed, type Runner } from "./exec";
import { TABLE_FAMILY, TABLE_NAME } from "./nft";

/** One object added or deleted; `ours` when it is Lintas's (table inet lintas, or a LINTAS_* iptables chain). */
export type RulesetChange = { verb: string; object: string; family: string; table: string; ours: boolean };
/** The end of one transaction: the changes before it (since the previous one) were made by this process. */
export type Generation = { generation: number; pid?: number; process?: string };
export type MonitorEvent = { kind: "change"; change: RulesetChange } | { kind: "generation"; generation: Generation };

const OBJECTS = "table|chain|rule|set|map|flowtable|ct helper|ct timeout|ct expectation|counter|quota|limit|secmark|synproxy";
const CHANGE = new RegExp(`^(add|delete|replace|update|destroy) (${OBJECTS}) (\\S+) (\\S+)(?: (\\S+))?`);
const GENERATION = /^# new generation (\d+)(?: by process (\d+) \((.*)\))?/;

/** One line of `nft monitor`, or undefined for lines that say nothing about the ruleset (elements, traces). */
export function parseMonitorLine(line: string): MonitorEvent | undefined {
  const generation = GENERATION.exec(line);
  if (generation) {
    const [, number, pid, process] = generation;
    return { kind: "generation", generation: { generation: Number(number), ...(pid ? { pid: Number(pid), process } : {}) } };
  }
  const change = CHANGE.exec(line);
  if (!change) return undefined;
  const [, verb, object, family, table, name] = change as unknown as [string, string, string, string, string, string | undefined];
  const ours = (family === TABLE_FAMILY && table === TABLE_NAME) || ((object === "chain" || object === "rule") && /^LINTAS_/.test(name ?? ""));
  return { kind: "change", change: { verb, object, family, table, ours } };
}

/**
 * Follows the ruleset of the runner's namespace until stopped. Needs CAP_NET_ADMIN, like nft itself. A watcher
 * that dies without stopping it leaves it running only until the next event, whose write to the closed pipe ends it.
 */
export function monitorRuleset(runner: Runner, onEvent: (event: MonitorEvent) => void): Followed {
  return follow(
    ["nft", "monitor"],
    (line) => {
      const event = parseMonitorLine(line);
      if (event) onEvent(event);
    },
    runner.netns,
  );
}
