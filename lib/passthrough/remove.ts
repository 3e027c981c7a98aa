// Taking Lintas out of the kernel (`lintas uninstall`): every rule it put there, by every backend that can run
// here, whichever one applied them. Each removal is idempotent and creates nothing where nothing was.
import { existsSync } from "node:fs";
import {
  commandRunner,
  iptablesBackend,
  nftablesBackend,
  probeTools,
  TABLE_FAMILY,
  TABLE_NAME,
  type Backend,
  type Runner,
  type ToolCapabilities,
} from "../../netfilter";
import { withApplyLock } from "../apply-lock";
import { audit, cliActor } from "../audit";
import { databaseFile } from "../db/sqlite";
import type { RouterOptions } from "./types";
import { hostOpeningsRemover } from "./host";

/** Something Lintas may have put in the kernel: whether it is there, and how to take it out. */
type Remover = {
  what: string;
  usable(tools: ToolCapabilities): boolean;
  /** Removes it; true when it was there. */
  remove(runner: Runner): Promise<boolean>;
};

const backendRemover = (what: string, usable: Remover["usable"], backend: (runner: Runner) => Backend): Remover => ({
  what,
  usable,
  async remove(runner) {
    const found = backend(runner);
    const { present } = await found.read();
    await found.remove();
    return present;
  },
});

/** Everything Lintas puts in the kernel. Openings made in the host's own firewall get their remover here too. */
const REMOVERS: Remover[] = [
  backendRemover(`table ${TABLE_FAMILY} ${TABLE_NAME}`, (tools) => tools.nftables.available, nftablesBackend),
  backendRemover("the LINTAS_* iptables chains", (tools) => tools.iptables.available, iptablesBackend),
  hostOpeningsRemover,
];

/**
 * Removes every Lintas rule from the kernel and says what was there. Under the apply lock, and audited, when
 * the router has a database: on a router that never stored anything it leaves no data dir behind.
 */
export async function removeAll(options: RouterOptions = {}): Promise<string[]> {
  const runner = options.runner ?? commandRunner();
  const remove = async () => {
    const tools = await probeTools(runner);
    const removed: string[] = [];
    for (const remover of REMOVERS.filter((r) => r.usable(tools))) {
      if (await remover.remove(runner)) removed.push(remover.what);
    }
    return removed;
  };
  if (!existsSync(databaseFile())) return remove();
  return withApplyLock(async () => {
    const removed = await remove();
    audit({ actor: options.actor ?? cliActor(), action: "rules.removed", ok: true, detail: { removed } });
    return removed;
  });
}
