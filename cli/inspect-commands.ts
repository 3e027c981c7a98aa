// `lintas render|status|flows`: look at the router, change nothing.
import { flowCounts, openFlows, renderStored, status } from "../lib/passthrough";
import { InputError } from "../lib/errors";
import { backendFlag, parseArgs } from "./args";
import { formatFlows, formatStatus } from "./format";

export async function renderCommand(words: string[]): Promise<string> {
  const { positionals, flags } = parseArgs(words, ["backend"], []);
  if (positionals.length) throw new InputError(`render takes no words, got "${positionals.join(" ")}"`);
  return (await renderStored({ backend: backendFlag(flags) })).text.trimEnd();
}

export async function statusCommand(words: string[]): Promise<string> {
  const { positionals, flags } = parseArgs(words, ["backend"], ["json"]);
  if (positionals.length) throw new InputError(`status takes no words, got "${positionals.join(" ")}"`);
  const [report, open] = await Promise.all([status({ backend: backendFlag(flags) }), flowCounts()]);
  return flags.has("json") ? JSON.stringify({ ...report, openFlows: open }, null, 2) : formatStatus(report, open);
}

export async function flowsCommand(words: string[]): Promise<string> {
  const { positionals, flags } = parseArgs(words, ["backend"], ["json", "watch"]);
  if (positionals.length) throw new InputError(`flows takes no words, got "${positionals.join(" ")}"`);
  if (flags.has("watch")) {
    if (flags.has("json")) throw new InputError("flows: --watch redraws a screen, --json prints once: give one of them");
    await (await import("./flows-watch")).watchFlows(backendFlag(flags));
    return "";
  }
  const result = await openFlows();
  return flags.has("json") ? JSON.stringify(result, null, 2) : formatFlows(result);
}
