// The nftables backend: one `nft -j -f FILE` transaction replaces table inet lintas; `nft -j list` reads it back.
import { commandRunner, firstLine, withTempFile, type Runner } from "../exec";
import type { Ruleset } from "../model";
import { nftObjectKey, nftRulesetKeys, nftReplaceBatch, nftRemoveBatch, nftText, TABLE_FAMILY, TABLE_NAME } from "../nft";
import { ApplyError, type Backend, type Snapshot } from "./types";

export function nftablesBackend(runner: Runner = commandRunner()): Backend {
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
    for (const rule of ruleset.rules) {
      const alone = await runBatch(nftReplaceBatch({ helpers: ruleset.helpers, rules: [rule] }), true);
      if (alone.code !== 0) {
        const which = `${rule.source.switch}=${rule.source.state}`;
        return new ApplyError({ kind: "rule", switch: which, comment: rule.comment, kernel: firstLine(alone.stderr) }, rule);
      }
    }
    return new ApplyError({ kind: "ruleset", tool: "nft", kernel: firstLine(stderr) });
  }

  return {
    name: "nftables",

    async apply(ruleset) {
      const batch = nftReplaceBatch(ruleset);
      const check = await runBatch(batch, true);
      if (check.code !== 0) throw await explainRefusal(ruleset, check.stderr);
      const result = await runBatch(batch, false);
      if (result.code !== 0) throw await explainRefusal(ruleset, result.stderr);
    },

    async read(): Promise<Snapshot> {
      const json = await runner.run(["nft", "-j", "list", "table", TABLE_FAMILY, TABLE_NAME]);
      if (json.code !== 0) {
        if (/No such file or directory/.test(json.stderr)) return { present: false, keys: [], listing: "" };
        throw new Error(`cannot read table ${TABLE_FAMILY} ${TABLE_NAME}: ${firstLine(json.stderr)}`);
      }
      const text = await runner.run(["nft", "list", "table", TABLE_FAMILY, TABLE_NAME]);
      const objects = (JSON.parse(json.stdout) as { nftables: Record<string, unknown>[] }).nftables;
      return { present: true, keys: objects.flatMap(nftObjectKey), listing: text.stdout };
    },

    keys: nftRulesetKeys,
    text: nftText,

    async remove() {
      const result = await runBatch(nftRemoveBatch(), false);
      if (result.code !== 0) throw new ApplyError({ kind: "remove", table: TABLE_NAME, kernel: firstLine(result.stderr) });
    },
  };
}
