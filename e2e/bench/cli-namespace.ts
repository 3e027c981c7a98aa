// A throwaway router namespace (bridge br-lan, veth wan0) with a data dir and a timing agent inside it, for
// rows that time `lintas` as an admin runs it there; removed at the end of the stage, or by the bench's cleanup.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createNetns, type TestNetns } from "../../lab/testing/netns";
import { startAgent, type Agent } from "./agent";
import { onCleanup } from "./cleanup";

export const LINTAS = path.join(import.meta.dirname, "..", "..", "bin", "lintas");

export type CliNamespace = {
  ns: TestNetns;
  agent: Agent;
  /** Environment for `lintas` there: its own data dir, the probed backend. */
  env: Record<string, string>;
  /** A cold `lintas WORDS` in the namespace; its milliseconds, spawn to exit. Throws unless it exits 0. */
  lintas(...words: string[]): Promise<number>;
  remove(): Promise<void>;
};

export function cliNamespace(tag: string): CliNamespace {
  const ns = createNetns("bench", { lan: ["br-lan"], wan: "wan0" });
  const removeNs = onCleanup(`namespace ${ns.name}`, () => ns.remove());
  const dataDir = mkdtempSync(path.join(tmpdir(), `lintas-bench-${tag}-`));
  const removeDir = onCleanup(dataDir, () => rmSync(dataDir, { recursive: true, force: true }));
  const agent = startAgent(ns.name);
  const stopAgent = onCleanup(`timing agent in ${ns.name}`, () => agent.stop());
  const env = { LINTAS_DATA_DIR: dataDir, LINTAS_BACKEND: "" };
  return {
    ns,
    agent,
    env,
    lintas: (...words) => agent.run([LINTAS, ...words], env),
    async remove() {
      await stopAgent();
      await removeNs();
      await removeDir();
    },
  };
}
