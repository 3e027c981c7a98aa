// The nftables backend: one `nft -j -f FILE` transaction replaces table inet lintas; `nft -j list` reads it back.
import { readAttempts } from "../attempts";
import { commandRunner, firstLine, withTempFile, type Runner } from "../exec";
import type { Ruleset } from "../model";
import { counterValues, lintasTableKeys, nftObjectKey, nftRulesetKeys, nftReplaceBatch, nftRemoveBatch, nftText, TABLE_FAMILY, TABLE_NAME } from "../nft";
import { listedObjects, nftUpdateBatch } from "../nft-update";
import { readNftTraffic } from "../traffic-read";
import { ApplyError, type Backend, type Snapshot } from "./types";

export function nftablesBackend(runner: Runner = commandRunner()): Backend {
  // Terse: the objects without the sets' elements, cheap whatever the size of the scopes.
  const readInstalled = () => runner.run(["nft", "-j", "-t", "list", "table", TABLE_FAMILY, TABLE_NAME]);
  const runBatch = (batch: unknown, check: boolean) =>
    withTempFile("ruleset.json", JSON.stringify(batch), (file) =>
      runner.run(["nft", ...(check ? ["-c"] : []), "-j", "-f", file]),
    );

  // nft's JSON errors do not say which command failed: check each rule alone to name the one the kernel refuses.
  async function explainRefusal(ruleset: Ruleset, stderr: string): Promise<ApplyError> {
    const helpersOnly = await runBatch(nftReplaceBatch({ helpers: ruleset.helpers, rules: [] }), true);
    if (helpersOnly.code !== 0) {
      const names = ruleset.helpers.map((h) => h.name).join(", ");
      return new ApplyError({ kind: "helper", helpers: names, kernel: firstLine(helpersOnly.stderr) });
    }
    const objects = { helpers: ruleset.helpers, counters: ruleset.counters, sets: ruleset.sets, attempts: ruleset.attempts };
    if (objects.sets?.length || objects.attempts?.length) {
      const setsOnly = await runBatch(nftReplaceBatch({ ...objects, rules: [] }), true);
      if (setsOnly.code !== 0) return new ApplyError({ kind: "ruleset", tool: "nft", kernel: firstLine(setsOnly.stderr) });
    }
    for (const rule of ruleset.rules) {
      const alone = await runBatch(nftReplaceBatch({ ...objects, rules: [rule] }), true);
      if (alone.code !== 0) {
        const which = `${rule.source.switch}=${rule.source.state}`;
        return new ApplyError({ kind: "rule", switch: which, comment: rule.comment, kernel: firstLine(alone.stderr) }, rule);
      }
    }
    return new ApplyError({ kind: "ruleset", tool: "nft", kernel: firstLine(stderr) });
  }

  return {
    name: "nftables",

    // One `nft -j -f`: the batch is one kernel transaction, so a refusal leaves the ruleset as it was and a
    // `nft -c` dry run first would only double the cost. The -c checks run only to explain a refusal.
    // An installed table is updated in place so its counters and attempt pairs stay (nft-update.ts); that needs
    // its listing (read beside the planning). Without one, or if the kernel refuses the update, the whole table
    // is replaced: what was counted is a nicety, the rules are not.
    readCarried: readInstalled,
    async apply(ruleset, carried) {
      const installed = await (carried ?? readInstalled()).catch(() => undefined);
      const objects = installed?.code === 0 ? listedObjects(installed.stdout) : undefined;
      if (objects) {
        const updated = await runBatch(nftUpdateBatch(ruleset, objects), false);
        if (updated.code === 0) return;
      }
      const result = await runBatch(nftReplaceBatch(ruleset), false);
      if (result.code !== 0) throw await explainRefusal(ruleset, result.stderr);
    },

    async read(options): Promise<Snapshot> {
      // The JSON is what is compared; the text, what an admin reads, only for the status page (both at once).
      const [json, text] = await Promise.all([
        runner.run(["nft", "-j", "list", "table", TABLE_FAMILY, TABLE_NAME]),
        options?.listing ? runner.run(["nft", "list", "table", TABLE_FAMILY, TABLE_NAME]) : undefined,
      ]);
      if (json.code !== 0) {
        if (/No such file or directory/.test(json.stderr)) return { present: false, keys: [], listing: "" };
        throw new Error(`cannot read table ${TABLE_FAMILY} ${TABLE_NAME}: ${firstLine(json.stderr)}`);
      }
      const objects = (JSON.parse(json.stdout) as { nftables: Record<string, unknown>[] }).nftables;
      return { present: true, keys: objects.flatMap(nftObjectKey), listing: text?.stdout, counters: counterValues(objects) };
    },

    snapshotIn: lintasTableKeys,
    traffic: () => readNftTraffic(runner),
    keepsCounters: true,
    attempts: () => readAttempts(runner),
    keys: nftRulesetKeys,
    text: nftText,

    async remove() {
      const result = await runBatch(nftRemoveBatch(), false);
      if (result.code !== 0) throw new ApplyError({ kind: "remove", table: TABLE_NAME, kernel: firstLine(result.stderr) });
    },
  };
}
