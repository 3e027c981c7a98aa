// Root running the command line on an installed router acts as the service user: the files it writes in the
// data dir (database, capability cache, apply lock) stay the services', and the command line holds no more
// power than the panel. Costs one stat, and on such a router one more Node start.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { constants } from "node:os";
import { dataDir } from "../lib/paths";
import { SERVICE_CAPABILITIES } from "./install/units";
import { cliInvocation } from "./startup-snapshot";

/** The exit code of this command re-run as the data dir's owner, or undefined when this process should run it. */
export function runAsDataOwner(argv: string[]): number | undefined {
  if (process.geteuid?.() !== 0) return undefined;
  const owner = statSync(dataDir(), { throwIfNoEntry: false });
  if (!owner || owner.uid === 0) return undefined;
  const caps = SERVICE_CAPABILITIES.map((c) => `+${c.slice("CAP_".length).toLowerCase()}`).join(",");
  const result = spawnSync(
    "setpriv",
    [
      `--reuid=${owner.uid}`,
      `--regid=${owner.gid}`,
      "--clear-groups",
      `--inh-caps=${caps}`,
      `--ambient-caps=${caps}`,
      `--bounding-set=-all,${caps}`,
      "--no-new-privs",
      "--",
      ...cliInvocation(),
      ...argv,
    ],
    // The audit log names who ran the command, not the user it ran as.
    { stdio: "inherit", env: { ...process.env, LINTAS_CLI_USER: "root" } },
  );
  if (result.error) throw result.error;
  return result.status ?? 128 + (result.signal ? constants.signals[result.signal] : 0);
}
