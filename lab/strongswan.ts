// A real IPsec client through the lab router: Debian's strongSwan (charon + swanctl) as an IKEv2 PSK initiator
// on a LAN host and a responder on the WAN host. The kernel has no ESP, so both use the kernel-libipsec plugin
// (userspace ESP over a TUN device); behind the router's NAT that means NAT-T on UDP 4500.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ADDRESSES, type Lab } from "./topology";

const CHARON = "/usr/lib/ipsec/charon";
const PLUGIN_DIR = "/usr/lib/ipsec/plugins";
// Each plugin charon loads, in load order, with the Debian package that ships it (several come only as a
// Recommends, so setup installs them by name). Order matters: kernel-libipsec must register before
// kernel-netlink, or SAs go to the kernel, which has no ESP. kdf is needed by 5.9's PRF handling; openssl
// brings x25519.
const PLUGIN_PACKAGES: [plugin: string, pkg: string][] = [
  ["random", "libstrongswan"], ["nonce", "libstrongswan"], ["openssl", "libstrongswan-standard-plugins"],
  ["pem", "libstrongswan"], ["pkcs1", "libstrongswan"], ["x509", "libstrongswan"], ["pubkey", "libstrongswan"],
  ["kdf", "libstrongswan"], ["hmac", "libstrongswan"], ["sha1", "libstrongswan"], ["sha2", "libstrongswan"],
  ["aes", "libstrongswan"], ["gcm", "libstrongswan-standard-plugins"], ["kernel-libipsec", "libcharon-extra-plugins"],
  ["kernel-netlink", "libstrongswan"], ["socket-default", "strongswan-libcharon"], ["vici", "strongswan-swanctl"],
];
const PLUGINS = PLUGIN_PACKAGES.map(([plugin]) => plugin).join(" ");
const packageOf = (plugin: string) => PLUGIN_PACKAGES.find(([p]) => p === plugin)?.[1] ?? "unknown";
// Inner addresses that only exist inside the tunnel's traffic selectors.
const INNER = { lan: "10.99.1.1", wan: "10.99.2.1" };

type Side = { ns: string; dir: string; local: string; remote: string; localId: string; remoteId: string; localTs: string; remoteTs: string };

/**
 * What the lab's strongSwan peers lack on this machine, each naming the Debian package that brings it; empty
 * when they can run. Tests call it first, so a missing plugin reads as a missing package, not as a verdict.
 */
export function strongswanMissing(): string[] {
  const missing = existsSync(CHARON) ? [] : [`charon (${CHARON}): install strongswan-charon`];
  for (const [plugin, pkg] of PLUGIN_PACKAGES) {
    if (!existsSync(path.join(PLUGIN_DIR, `libstrongswan-${plugin}.so`))) missing.push(`charon plugin '${plugin}': install ${pkg}`);
  }
  return missing;
}

function strongswanConf(side: Side): string {
  return `charon {
  load = ${PLUGINS}
  filelog {
    charon {
      path = ${side.dir}/charon.log
      default = 1
      flush_line = yes
    }
  }
  plugins {
    vici {
      socket = unix://${side.dir}/charon.vici
    }
  }
}
`;
}

function swanctlConf(side: Side): string {
  return `connections {
  lab {
    version = 2
    local_addrs = ${side.local}
    remote_addrs = ${side.remote}
    proposals = aes128-sha256-x25519
    local {
      auth = psk
      id = ${side.localId}
    }
    remote {
      auth = psk
      id = ${side.remoteId}
    }
    children {
      lab {
        local_ts = ${side.localTs}/32
        remote_ts = ${side.remoteTs}/32
        esp_proposals = aes128gcm16
      }
    }
  }
}
secrets {
  ike-lab {
    id-a = lan@lab
    id-b = wan@lab
    secret = "lintas-lab-pre-shared-key"
  }
}
`;
}

export type IpsecPeers = {
  /** swanctl --initiate on the LAN host; true when the CHILD_SA is up. */
  initiate(timeoutMs: number): Promise<boolean>;
  /** One ping from the LAN host's inner address to the WAN host's, through the tunnel. */
  ping(): Promise<boolean>;
  stop(): void;
};

const run = (argv: string[]) =>
  new Promise<{ code: number; stdout: string }>((resolve) =>
    execFile(argv[0]!, argv.slice(1), (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout })),
  );

/** Starts a charon in the LAN host lan1 and in the WAN host, each with a private /run, and loads their config. */
export async function startIpsecPeers(lab: Lab): Promise<IpsecPeers> {
  const root = mkdtempSync(path.join(tmpdir(), "lintas-ipsec-"));
  const sides: Side[] = [
    { ns: lab.lanHosts[0], dir: path.join(root, "lan"), local: ADDRESSES.lanHosts[0], remote: ADDRESSES.wanHost, localId: "lan@lab", remoteId: "wan@lab", localTs: INNER.lan, remoteTs: INNER.wan },
    // The responder sees the router's WAN address, not the LAN host's: accept any peer address.
    { ns: lab.wan, dir: path.join(root, "wan"), local: ADDRESSES.wanHost, remote: "%any", localId: "wan@lab", remoteId: "lan@lab", localTs: INNER.wan, remoteTs: INNER.lan },
  ];
  const daemons: ChildProcess[] = [];
  const stop = () => {
    for (const d of daemons) d.kill("SIGKILL");
    for (const s of sides) void run(["ip", "netns", "exec", s.ns, "ip", "addr", "del", `${s.localTs}/32`, "dev", "lo"]);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (const side of sides) {
      mkdirSync(side.dir);
      writeFileSync(path.join(side.dir, "strongswan.conf"), strongswanConf(side));
      writeFileSync(path.join(side.dir, "swanctl.conf"), swanctlConf(side));
      await run(["ip", "netns", "exec", side.ns, "ip", "addr", "replace", `${side.localTs}/32`, "dev", "lo"]);
      // charon's pid file path is fixed (/run/charon.pid): give each its own /run.
      const script = `mount --bind ${side.dir} /run && exec ${CHARON}`;
      daemons.push(
        spawn("ip", ["netns", "exec", side.ns, "unshare", "-m", "sh", "-c", script], {
          env: { ...process.env, STRONGSWAN_CONF: path.join(side.dir, "strongswan.conf") },
          stdio: "ignore",
        }),
      );
    }
    for (const side of sides) {
      const socket = path.join(side.dir, "charon.vici");
      const deadline = Date.now() + 5000;
      while (!existsSync(socket)) {
        if (Date.now() > deadline) throw new Error(`charon in ${side.ns} did not start`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const failed = [...readFileSync(path.join(side.dir, "charon.log"), "utf8").matchAll(/plugin '([\w-]+)': failed to load/g)].map((m) => m[1]!);
      if (failed.length) {
        throw new Error(`charon in ${side.ns} could not load ${failed.map((p) => `plugin '${p}' (package ${packageOf(p)})`).join(", ")}`);
      }
      const load = await run(["swanctl", "--load-all", "--file", path.join(side.dir, "swanctl.conf"), "--uri", `unix://${socket}`]);
      if (load.code !== 0) throw new Error(`swanctl could not load the lab connection in ${side.ns}`);
    }
  } catch (error) {
    stop();
    throw error;
  }
  const [lan] = sides as [Side, Side];
  return {
    async initiate(timeoutMs) {
      const uri = `unix://${path.join(lan.dir, "charon.vici")}`;
      const result = await run(["ip", "netns", "exec", lan.ns, "swanctl", "--initiate", "--child", "lab", "--timeout", String(Math.ceil(timeoutMs / 1000)), "--uri", uri]);
      return result.code === 0 && result.stdout.includes("initiate completed successfully");
    },
    async ping() {
      const result = await run(["ip", "netns", "exec", lan.ns, "ping", "-c", "1", "-W", "2", "-I", INNER.lan, INNER.wan]);
      return result.code === 0;
    },
    stop,
  };
}
