// The dry-run backend: renders and records what it would apply in a file, touches no firewall. For machines
// where the process has no CAP_NET_ADMIN (a developer laptop, a container), so the panel still runs.
import { readFile, writeFile, rm } from "node:fs/promises";
import type { Ruleset } from "../model";
import { nftRulesetKeys, nftText } from "../nft";
import type { Backend, Snapshot } from "./types";

export function dryRunBackend(recordFile: string): Backend {
  return {
    name: "dry-run",
    async apply(ruleset) {
      // Private like everything in the data dir it is kept in.
      await writeFile(recordFile, JSON.stringify(ruleset, null, 2) + "\n", { mode: 0o600 });
    },
    async read(): Promise<Snapshot> {
      const recorded = await readFile(recordFile, "utf8").catch(() => undefined);
      if (recorded === undefined) return { present: false, keys: [], listing: "" };
      const ruleset = JSON.parse(recorded) as Ruleset;
      return { present: true, keys: nftRulesetKeys(ruleset), listing: nftText(ruleset) };
    },
    attempts: async () => [],
    keys: nftRulesetKeys,
    text: nftText,
    async remove() {
      await rm(recordFile, { force: true });
    },
  };
}
