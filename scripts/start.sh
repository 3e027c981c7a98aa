#!/usr/bin/env bash
# Starts the panel. As root it runs as on a real router: the lab (a namespace router with two LAN hosts and a
# WAN host) comes up, Lintas serves inside the router namespace on its LAN address 192.168.50.1, and this
# machine reaches it through a relay on loopback only (http://localhost:8080). Nothing on the host's own
# network or firewall changes. Without root: the dry-run backend on http://127.0.0.1:3000.
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

say "building the command line (esbuild -> dist/cli; bin/lintas runs it)"
node scripts/build-cli.mjs

if [ "$(id -u)" != 0 ]; then
  say "not root: the firewall will not be touched; Lintas uses the dry-run backend (rules are rendered and recorded only)"
  export LINTAS_BACKEND="${LINTAS_BACKEND:-dry-run}"
  host="${HOST:-127.0.0.1}"
  port="${PORT:-3000}"
  say "Lintas panel on http://$host:$port (Ctrl-C stops it)"
  exec bin/lintas serve --host "$host" --port "$port"
fi

router=lintas-lab-router
data="$PWD/data/lab"
relay_port="${PORT:-8080}"
say "bringing up the lab router"
bin/lintas lab up

pids=()
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  say "panel stopped; the lab stays up (bin/lintas lab probe still works). Remove it with: bin/lintas lab down"
}
trap cleanup EXIT
trap "exit 130" INT TERM

say "starting Lintas inside $router on http://192.168.50.1 (its LAN address)"
# The panel's output also goes to a private log, so the banner below can repeat the setup code.
umask 077
: > "$data/panel.log"
# The panel answers only to the names it knows (a DNS-rebinding defence): this machine's browser reaches it as
# localhost:PORT or 127.0.0.1:PORT through the relay below, so those two are given to it by name.
ip netns exec "$router" env LINTAS_DATA_DIR="$data" bin/lintas serve --port 80 \
  --name "localhost:$relay_port" --name "127.0.0.1:$relay_port" > >(tee -a "$data/panel.log") 2>&1 &
pids+=($!)

# Wait for the panel inside the router first: probing through the relay before the panel listens makes socat
# report broken pipes that read like failures.
for _ in $(seq 150); do
  ip netns exec "$router" curl -sS -o /dev/null "http://192.168.50.1/" 2>/dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || { say "the panel exited; see $data/panel.log"; exit 1; }
  sleep 0.2
done

# Relay: loopback TCP on this machine -> a unix socket -> the router namespace's LAN address.
rm -f "$data/panel.sock"
ip netns exec "$router" socat "UNIX-LISTEN:$data/panel.sock,fork,mode=600" TCP:192.168.50.1:80 &
pids+=($!)
socat "TCP-LISTEN:$relay_port,bind=127.0.0.1,fork,reuseaddr" "UNIX-CONNECT:$data/panel.sock" &
pids+=($!)
for _ in $(seq 50); do
  [ -S "$data/panel.sock" ] && curl -sS -o /dev/null "http://127.0.0.1:$relay_port/" 2>/dev/null && break
  sleep 0.1
done
code=$(grep -o 'one-time setup code: [A-Z0-9-]*' "$data/panel.log" | tail -1 | cut -d' ' -f4 || true)
cat <<MSG

  Lintas is running inside the lab router.${code:+

    first run: create the admin with the one-time setup code  $code}
    open   http://localhost:$relay_port       (relayed from loopback into the router namespace)
    LAN    http://192.168.50.1                 (what a LAN client of the router opens)

  Then flip a switch in the panel, or on the command line:
    bin/lintas lab router passthrough set pptp=on
  and watch the traffic probes follow:
    bin/lintas lab probe

  Ctrl-C stops the panel.
MSG
wait
