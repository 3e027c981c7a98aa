// `lintas install` and `lintas uninstall` (root): this checkout or package as systemd services run by the
// unprivileged `lintas` user. `--root DIR` writes under DIR instead of / (units, user, data dir; systemd is then
// only told through `systemctl --root`); `--dry-run` prints the steps and changes nothing. Every check runs
// before the first step: bad input or an unusable checkout changes nothing.
import { spawnSync } from "node:child_process";
import { existsSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { InputError } from "../../lib/errors";
import { appRoot, defaultDataDir, INSTALLED_DATA_DIR } from "../../lib/paths";
import { onOff, parseArgs } from "../args";
import { LISTEN_REPEATED, LISTEN_VALUED, listenOptions } from "../serve/options";
import {
  createUserStep,
  dataDirStep,
  deleteUserStep,
  removeFileStep,
  systemctl,
  systemdRunning,
  under,
  UNIT_DIR,
  writeUnitStep,
  type Step,
} from "./system";
import { APPLY_UNIT, PANEL_UNIT, renderUnits, SERVICE_USER, UNIT_NAMES, WATCH_UNIT } from "./units";

type Result = { output: string; code: number };

export async function installCommand(words: string[]): Promise<Result> {
  const parsed = parseArgs(words, ["root", "panel", "tls", ...LISTEN_VALUED], ["dry-run"], LISTEN_REPEATED);
  const { positionals, flags, lists } = parsed;
  if (positionals.length) throw new InputError(`install takes no words, got "${positionals.join(" ")}"`);
  const dryRun = flags.has("dry-run");
  const root = rootFlag(flags.get("root"), dryRun);
  const panel = onOff(String(flags.get("panel") ?? "on"), "--panel");
  const panelFlag = ["tls", ...LISTEN_VALUED].find((name) => flags.has(name)) ?? LISTEN_REPEATED.find((name) => lists.has(name));
  if (!panel && panelFlag) throw new InputError(`--${panelFlag} is the panel's: not with --panel off`, "panel");
  // The service serves HTTPS unless told otherwise: passwords and cookies never cross the LAN in clear.
  const listen = listenOptions(parsed, onOff(String(flags.get("tls") ?? "on"), "--tls"));
  const app = appRoot();
  checkInstallable(app, panel);
  if (panel && listen.tls && spawnSync("openssl", ["version"]).error) {
    throw new InputError("the panel's self-signed certificate is made with openssl, which is not installed: apt-get install openssl (or --tls off)", "tls");
  }

  const units = renderUnits({ bin: path.join(app, "bin", "lintas"), path: unitPath(), listen });
  const [main, other] = panel ? [PANEL_UNIT, WATCH_UNIT] : [WATCH_UNIT, PANEL_UNIT];
  const live = systemdRunning(root);
  const steps: Step[] = [
    createUserStep(root),
    dataDirStep(root),
    ...units.map((unit) => writeUnitStep(root, unit)),
    ...(live ? [systemctl(root, "daemon-reload")] : []),
    systemctl(root, "disable", ...(live ? ["--now"] : []), other),
    systemctl(root, "enable", APPLY_UNIT, main),
    ...(live ? [systemctl(root, "restart", main)] : []),
  ];
  const next = live
    ? panel
      ? `next: journalctl -u ${PANEL_UNIT} shows the panel's address and its one-time setup code`
      : `next: systemctl status ${WATCH_UNIT}`
    : `systemd is not running ${root === "/" ? "here" : `for ${root}`}: the units are enabled for the next boot, nothing was started`;
  return runSteps(steps, dryRun, next);
}

export async function uninstallCommand(words: string[]): Promise<Result> {
  const { positionals, flags } = parseArgs(words, ["root"], ["dry-run", "purge"]);
  if (positionals.length) throw new InputError(`uninstall takes no words, got "${positionals.join(" ")}"`);
  const dryRun = flags.has("dry-run");
  const root = rootFlag(flags.get("root"), dryRun);
  const purge = flags.has("purge");
  const live = systemdRunning(root);
  const data = under(root, INSTALLED_DATA_DIR);
  const installed = UNIT_NAMES.filter((name) => existsSync(under(root, path.join(UNIT_DIR, name))));
  const steps: Step[] = [
    // Stopped first: the watcher would otherwise put the rules back.
    ...(installed.length ? [systemctl(root, "disable", ...(live ? ["--now"] : []), ...installed)] : []),
    removeRulesStep(data),
    ...installed.map((name) => removeFileStep(under(root, path.join(UNIT_DIR, name)))),
    ...(live && installed.length ? [systemctl(root, "daemon-reload")] : []),
    ...(purge ? [removeFileStep(data, `${data} and everything in it`), deleteUserStep(root)] : []),
  ];
  const next = purge ? "" : `kept ${data} and the ${SERVICE_USER} user: \`lintas uninstall --purge\` removes them`;
  return runSteps(steps, dryRun, next);
}

/** The kernel of the namespace this runs in, whatever --root says: rules are not files. */
function removeRulesStep(data: string): Step {
  return {
    says: "remove every Lintas rule from the kernel (table inet lintas, LINTAS_* iptables chains)",
    async run() {
      // The lock and the audit entry belong in the installed data dir (the one under --root).
      process.env.LINTAS_DATA_DIR = data;
      const { removeAll } = await import("../../lib/passthrough/remove");
      const removed = await removeAll();
      return removed.length ? `removed ${removed.join(", ")}` : "no Lintas rules were in the kernel";
    },
  };
}

async function runSteps(steps: Step[], dryRun: boolean, next: string): Promise<Result> {
  if (dryRun) {
    const lines = steps.flatMap((s) => [`  ${s.says}`, ...(s.shows ?? "").split("\n").filter(Boolean).map((line) => `      ${line}`)]);
    return { output: ["dry run: nothing is changed. The steps:", ...lines].join("\n"), code: 0 };
  }
  for (const step of steps) {
    process.stdout.write(`${step.says}\n`);
    try {
      const detail = await step.run();
      if (detail) process.stdout.write(`  ${detail}\n`);
    } catch (error) {
      process.stderr.write(`lintas: failed: ${(error as Error).message}\nthe steps above were done; running the command again resumes\n`);
      return { output: "", code: 1 };
    }
  }
  return { output: next, code: 0 };
}

function rootFlag(value: string | true | undefined, dryRun: boolean): string {
  if (!dryRun && process.geteuid?.() !== 0) throw new InputError("this creates a system user and systemd units: run it as root (or add --dry-run)");
  if (value === undefined) return "/";
  const root = path.resolve(String(value));
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new InputError(`--root "${value}" is not a directory`, "root");
  return root;
}

/** Systemd's PATH for services; node must be on it or the units name its directory. */
const SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

function unitPath(): string | undefined {
  const nodeDir = path.dirname(process.execPath);
  return SYSTEMD_PATH.split(":").includes(nodeDir) ? undefined : `${nodeDir}:${SYSTEMD_PATH}`;
}

/** Hidden from services by ProtectHome=yes. */
const HOME_DIRS = ["/home", "/root", "/run/user"];

/** The services must find a build they can read where the command line run as root finds the same data. */
function checkInstallable(app: string, panel: boolean): void {
  if (defaultDataDir(app) !== INSTALLED_DATA_DIR) {
    throw new InputError(
      `${app} keeps its data in ${defaultDataDir(app)}, the services in ${INSTALLED_DATA_DIR}: install from a checkout or package under /opt or /usr (e.g. /opt/lintas), where both use ${INSTALLED_DATA_DIR}`,
    );
  }
  const built = [path.join("dist", "cli", "lintas.cjs"), ...(panel ? [path.join(".next", "BUILD_ID")] : [])];
  for (const file of built) {
    if (!existsSync(path.join(app, file))) throw new InputError(`${path.join(app, file)} is missing: run \`npm run build\` first`);
  }
  const real = realpathSync(app);
  const home = HOME_DIRS.find((dir) => real === dir || real.startsWith(`${dir}/`));
  if (home) throw new InputError(`${real} is under ${home}, which the services cannot see (ProtectHome=yes): put Lintas under /opt or /usr`);
  for (const file of built) openToOthers(path.join(real, file), 0o004, "read");
  openToOthers(process.execPath, 0o001, "run");
}

/** The lintas user is nobody special: every directory on the way must let others through, the file let them in. */
function openToOthers(file: string, bit: number, use: string): void {
  const real = realpathSync(file);
  for (let dir = path.dirname(real); ; dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if (!(mode & 0o001)) throw new InputError(`${dir} (mode ${(mode & 0o777).toString(8)}) does not let other users through: the ${SERVICE_USER} user could not reach ${real}`);
    if (dir === "/") break;
  }
  const mode = statSync(real).mode;
  if (!(mode & bit)) throw new InputError(`${real} (mode ${(mode & 0o777).toString(8)}) does not let other users ${use} it: the ${SERVICE_USER} user could not`);
}
