#!/usr/bin/env bash
# Installs whatever is missing, and says what it does: Debian packages (as root), npm packages, the Prisma
# client. Safe to run again: each step is skipped when already done.
# Usage: scripts/setup.sh [runtime|test]   ("test" adds the packages the traffic lab and browser tests need)
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-runtime}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Every program the code and the tests start, by the package that ships it. Installed with
# --no-install-recommends, so nothing here may rely on a Recommends: a plugin or tool that only a Recommends
# brings in is listed by name (libstrongswan-standard-plugins, for instance, is a Recommends of strongswan-charon).
runtime_debs=(
  nftables iptables iproute2            # nft; iptables(-restore), ip6tables(-restore); ip
  ipset                                 # the iptables backend's scopes (allowed LAN sources and servers) are ipsets
  python3-minimal                       # /usr/bin/python3: the conntrack queries (netfilter/ctnetlink.ts)
  procps                                # sysctl (forwarding check, lab router)
  util-linux mount                      # unshare, setpriv, nsenter; mount (lab, least-privilege tests)
  socat curl                            # the lab's loopback relay and its readiness check
  openssl                               # makes the panel's self-signed certificate (lintas serve --tls)
)
test_debs=(
  python3                               # /usr/bin/python3 runs the lab's traffic agent (stdlib only)
  conntrack                             # fills, lists and clears test namespaces' conntrack tables
  tcpdump iputils-ping                  # GRE capture on the WAN host; ping through the IPsec tunnel
  chromium fonts-dejavu-core            # Playwright's browser (Debian's build) and the fonts its screenshots use
  strongswan-charon strongswan-swanctl  # charon and swanctl: the lab's IKEv2 peers
  strongswan-libcharon libstrongswan    # charon plugins socket-default; kdf, aes, sha2, x509, kernel-netlink ...
  libstrongswan-standard-plugins        # charon plugins openssl (x25519) and gcm (AES-GCM)
  libcharon-extra-plugins               # charon plugin kernel-libipsec (this kernel has no ESP)
  ufw                                   # the lab's "ufw" host firewall (run with private copies of /etc/ufw)
  firewalld python3-firewall            # the lab's "firewalld" host firewall: firewalld, firewall-cmd, their Python
  python3-nftables python3-dbus         # what firewalld imports at run time (its nftables backend, D-Bus) ...
  python3-gi gir1.2-glib-2.0 gir1.2-nm-1.0  # ... and GLib's main loop through gobject-introspection
  dbus-daemon                           # /usr/bin/dbus-daemon: the private system bus firewalld needs in the lab router
)
debs=("${runtime_debs[@]}")
[ "$profile" = test ] && debs+=("${test_debs[@]}")

missing=()
for pkg in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "not root: cannot install ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
  fi
else
  say "Debian packages present: ${debs[*]}"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 or newer is needed (found $(node -v))" >&2
  exit 1
fi

# better-sqlite3 compiles from source: use the Node headers installed with Node when there are some, instead
# of downloading them (offline machines, users without an npm config).
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$(dirname "$(dirname "$(command -v node)")")/include/node/node_api.h" ]; then
  export npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
fi

# npm ci when node_modules is missing or older than the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci; better-sqlite3 compiles from source, about a minute)"
  npm ci --no-audit --no-fund --loglevel=error
else
  say "npm packages up to date"
fi

if [ ! -f lib/generated/prisma/client.ts ] || [ prisma/schema.prisma -nt lib/generated/prisma/client.ts ]; then
  say "generating the Prisma client"
  npx --no-install prisma generate >/dev/null
  touch lib/generated/prisma/client.ts
else
  say "Prisma client up to date"
fi
