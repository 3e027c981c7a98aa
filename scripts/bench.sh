#!/usr/bin/env bash
# `npm run bench`: builds what the bench runs (the CLI and the web panel, `npm run build`), then prints every
# figure of docs/benchmarks.md from one run (e2e/bench/run.ts). Needs root: it creates network namespaces, a
# lab router and a browser inside a lab LAN host. Arguments go to run.ts (e.g. `npm run bench -- --only cli`).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [ "$(id -u)" != 0 ]; then
  echo "bench: needs root (it creates network namespaces, a lab router and runs chromium inside it): sudo npm run bench" >&2
  exit 1
fi
bash scripts/setup.sh test >&2
say "building the CLI and the web panel (npm run build)"
npm run --silent build >&2
say "benchmarking (about 10 minutes; progress on stderr, the table on stdout)"
exec node --import ./node_modules/tsx/dist/loader.mjs e2e/bench/run.ts "$@"
