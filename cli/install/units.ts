// The systemd units `lintas install` writes, from one template: every unit runs bin/lintas as the unprivileged
// `lintas` user with only the capabilities its job needs, in the same sandbox. Pure: text in, text out.
//
// What the services really need (checked as an unprivileged uid with only these capabilities, see
// cli/install/least-privilege.test.ts):
// - CAP_NET_ADMIN: nft (netlink), iptables-nft's iptables-restore (netlink, no /run/xtables.lock: only
//   iptables-legacy takes that lock, and it also needs CAP_NET_RAW), and the ctnetlink Python helper.
// - CAP_NET_BIND_SERVICE: only for the panel on a port below 1024 (443, and 80 for the redirect to HTTPS).
// - Writes: the data dir only (database, capability cache, apply lock, dry-run record); temp files in the
//   private /tmp. Next writes nothing at run time here: every route is dynamic and no image is optimised.
// - Sockets: AF_INET/AF_INET6 (the panel), AF_NETLINK (nft, ip, ctnetlink), AF_UNIX (local IPC, the journal).

import { INSTALLED_DATA_DIR } from "../../lib/paths";
import { listenArgs, listenPorts, type ListenOptions } from "../serve/options";

export const SERVICE_USER = "lintas";

/** Every capability a Lintas process may hold: the firewall, and binding the panel's port below 1024. */
export const SERVICE_CAPABILITIES = ["CAP_NET_ADMIN", "CAP_NET_BIND_SERVICE"] as const;

/** The ports a non-root process may not bind without CAP_NET_BIND_SERVICE. */
const PRIVILEGED_PORT_LIMIT = 1024;

/** The capabilities one service needs: CAP_NET_ADMIN, and CAP_NET_BIND_SERVICE to serve on a low port. */
export function serviceCapabilities(...ports: number[]): string[] {
  return SERVICE_CAPABILITIES.filter((c) => c === "CAP_NET_ADMIN" || ports.some((port) => port < PRIVILEGED_PORT_LIMIT));
}

export type UnitOptions = {
  /** Absolute path of bin/lintas in the checkout or package. */
  bin: string;
  /** Set as PATH when node is not on systemd's default PATH (an nvm or /opt install of Node). */
  path?: string;
  /** How the panel listens: `lintas serve`'s options (HTTPS by default, see install-command.ts). */
  listen: ListenOptions;
};

export type Unit = { name: string; text: string };

export const PANEL_UNIT = "lintas-panel.service";
export const WATCH_UNIT = "lintas-watch.service";
export const APPLY_UNIT = "lintas-apply.service";
export const UNIT_NAMES = [APPLY_UNIT, PANEL_UNIT, WATCH_UNIT] as const;

/** Host firewalls that load at boot and start with `flush ruleset` or their own table: apply after them. */
const HOST_FIREWALL_UNITS = ["nftables.service", "ufw.service", "firewalld.service"];

export function renderUnits(options: UnitOptions): Unit[] {
  return [
    unit(APPLY_UNIT, options, {
      comment: [
        "Applies the stored passthrough rules at boot, before the network comes up and after the host firewall",
        "has loaded its own ruleset (a ruleset starting with `flush ruleset` would delete table inet lintas).",
      ],
      unit: [
        "Description=Lintas VPN passthrough rules (boot apply)",
        "DefaultDependencies=no",
        `After=local-fs.target ${HOST_FIREWALL_UNITS.join(" ")}`,
        "Before=network-pre.target shutdown.target",
        "Wants=network-pre.target",
        "Conflicts=shutdown.target",
      ],
      service: ["Type=oneshot", "RemainAfterExit=yes", `ExecStart=${options.bin} apply`],
      capabilities: serviceCapabilities(),
    }),
    unit(PANEL_UNIT, options, {
      comment: [
        "The web panel, and the watcher that puts the rules back when a host firewall reload removes them.",
        `Without --host it listens on the LAN address only. The first start prints the one-time setup code and,`,
        `with --tls, the fingerprint of the certificate the browser will show: journalctl -u ${PANEL_UNIT}`,
      ],
      unit: [
        "Description=Lintas VPN passthrough panel and rule watcher",
        `After=network-online.target ${APPLY_UNIT}`,
        "Wants=network-online.target",
        // The panel runs the watcher itself: the two never run at once.
        `Conflicts=${WATCH_UNIT}`,
      ],
      service: [
        `ExecStart=${options.bin} serve ${listenArgs(options.listen).join(" ")}`,
        "Environment=NEXT_TELEMETRY_DISABLED=1",
        // The LAN address may appear after the unit starts (DHCP, a bridge coming up): try again.
        "Restart=on-failure",
        "RestartSec=5",
      ],
      capabilities: serviceCapabilities(...listenPorts(options.listen)),
    }),
    unit(WATCH_UNIT, options, {
      comment: ["The rule watcher alone, for a router without the web panel: puts the rules back within seconds", "when a host firewall reload or restart removes them."],
      unit: ["Description=Lintas VPN passthrough rule watcher", `After=${APPLY_UNIT}`, `Conflicts=${PANEL_UNIT}`],
      service: [`ExecStart=${options.bin} watch`, "Restart=on-failure", "RestartSec=5"],
      capabilities: serviceCapabilities(),
    }),
  ];
}

type UnitSpec = { comment: string[]; unit: string[]; service: string[]; capabilities: string[] };

function unit(name: string, options: UnitOptions, spec: UnitSpec): Unit {
  const lines = [
    `# ${name}: generated by \`lintas install\`; \`lintas install\` again rewrites it, \`lintas uninstall\` removes it.`,
    ...spec.comment.map((line) => `# ${line}`),
    "[Unit]",
    ...spec.unit,
    "",
    "[Service]",
    ...spec.service,
    ...sandbox(options, spec.capabilities),
    "",
    "[Install]",
    "WantedBy=multi-user.target",
  ];
  return { name, text: lines.join("\n") + "\n" };
}

/** The same least-privilege sandbox for every unit: the lintas user, `capabilities` only, the data dir writable. */
function sandbox(options: UnitOptions, capabilities: string[]): string[] {
  return [
    `User=${SERVICE_USER}`,
    `Group=${SERVICE_USER}`,
    `Environment=LINTAS_DATA_DIR=${INSTALLED_DATA_DIR}`,
    ...(options.path ? [`Environment=PATH=${options.path}`] : []),
    `AmbientCapabilities=${capabilities.join(" ")}`,
    `CapabilityBoundingSet=${capabilities.join(" ")}`,
    "NoNewPrivileges=yes",
    "UMask=0077",
    "ProtectSystem=strict",
    `ReadWritePaths=${INSTALLED_DATA_DIR}`,
    "PrivateTmp=yes",
    "PrivateDevices=yes",
    "ProtectHome=yes",
    "ProtectKernelTunables=yes",
    "ProtectKernelModules=yes",
    "ProtectKernelLogs=yes",
    "ProtectControlGroups=yes",
    "ProtectClock=yes",
    "ProtectHostname=yes",
    "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK",
    "RestrictNamespaces=yes",
    "RestrictRealtime=yes",
    "RestrictSUIDSGID=yes",
    "LockPersonality=yes",
    "SystemCallArchitectures=native",
  ];
}
