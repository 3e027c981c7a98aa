// Runs a command as `lintas install`'s units run the services, without systemd: an unprivileged uid holding
// only the given capabilities (ambient, bounding set, no new privileges), in a test namespace, on a file system
// that is read-only except for the data dir, with a private /tmp (ProtectSystem=strict, ReadWritePaths=,
// PrivateTmp=). The mounts live in a private mount namespace that ends with the command.

import path from "node:path";

const APP_ROOT = path.resolve(import.meta.dirname, "..", "..");
/** Where the sandboxed command sees the checkout. */
export const SERVICE_APP_ROOT = "/opt/lintas";

/** nobody: a uid with no privilege that exists on every Debian system, so tests create no user. */
export const SERVICE_TEST_UID = 65534;

// The checkout is seen at /opt/lintas, as on a router (wherever it was cloned: a clone under /tmp would vanish
// under the private /tmp, one under a 0700 directory would be out of the uid's reach). Then every mount
// read-only but the API file systems and the data dir (bound onto itself first, so it is a mount of its own),
// then a fresh /tmp; then the namespace and the user.
const SCRIPT = String.raw`
ns=$1 data=$2 uid=$3 caps=$4 bounding=$5 app=$6; shift 6
mount -t tmpfs -o mode=0755 tmpfs /opt && mkdir /opt/lintas && mount --bind "$app" /opt/lintas
export LINTAS_ROOT=/opt/lintas
mount --bind "$data" "$data"
awk '{print $5}' /proc/self/mountinfo | sort -u | while read -r escaped; do
  mountpoint=$(printf '%b' "$escaped")
  case $mountpoint in /proc|/proc/*|/sys|/sys/*|/dev|/dev/*|"$data") continue ;; esac
  mount -o remount,bind,ro "$mountpoint"
done
mount -t tmpfs -o mode=1777 tmpfs /tmp
exec ip netns exec "$ns" setpriv --reuid="$uid" --regid="$uid" --clear-groups \
  --inh-caps="$caps" --ambient-caps="$caps" --bounding-set="$bounding" --no-new-privs "$@"
`;

/**
 * The argv that runs `command` sandboxed. `capabilities` as in a unit (CAP_NET_ADMIN ...); none = a unit that
 * forgot AmbientCapabilities. The data dir must be outside /tmp (the private /tmp hides it) and owned by the uid.
 */
/**
 * A wrapper for `command` (its first word a path into the checkout) that shows the checkout at /opt/lintas in a
 * private mount namespace and runs it from there, so an unprivileged uid reaches it wherever it was cloned.
 */
export function fromOptLintas(command: string[]): string[] {
  const script = `mount -t tmpfs -o mode=0755 tmpfs /opt && mkdir /opt/lintas && mount --bind "$1" /opt/lintas && shift && LINTAS_ROOT=${SERVICE_APP_ROOT} exec "$@"`;
  return ["unshare", "--mount", "--propagation", "private", "sh", "-ec", script, "sh", APP_ROOT, ...command.map(inOptLintas)];
}

const inOptLintas = (word: string) =>
  word === APP_ROOT || word.startsWith(`${APP_ROOT}/`) ? `${SERVICE_APP_ROOT}${word.slice(APP_ROOT.length)}` : word;

export function asService(netns: string, dataDir: string, capabilities: readonly string[], command: string[]): string[] {
  // Paths into the checkout become paths into its /opt/lintas view.
  const seen = command.map(inOptLintas);
  const caps = capabilities.length ? capabilities.map((c) => `+${c.replace(/^CAP_/, "").toLowerCase()}`).join(",") : "-all";
  const bounding = capabilities.length ? `-all,${caps}` : "-all";
  return ["unshare", "--mount", "--propagation", "private", "sh", "-ec", SCRIPT, "sh", netns, dataDir, String(SERVICE_TEST_UID), caps, bounding, APP_ROOT, ...seen];
}
