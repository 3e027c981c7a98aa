#!/usr/bin/env bash
# Starts the panel: installs what is missing, builds when sources changed, serves on 127.0.0.1:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

bash scripts/setup.sh runtime

if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib netfilter public next.config.js package-lock.json -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  say "building the web panel (next build)"
  node node_modules/next/dist/bin/next build
else
  say "web panel build up to date"
fi

if [ "$(id -u)" != 0 ]; then
  say "not root: the firewall will not be touched; Lintas uses the dry-run backend (rules are rendered and recorded only)"
  export LINTAS_BACKEND="${LINTAS_BACKEND:-dry-run}"
fi
host="${HOST:-127.0.0.1}"
port="${PORT:-3000}"
say "Lintas panel on http://$host:$port (Ctrl-C stops it)"
exec node node_modules/next/dist/bin/next start -H "$host" -p "$port"
