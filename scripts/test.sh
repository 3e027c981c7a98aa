#!/usr/bin/env bash
# Every test: type check; renderer golden files, netfilter against the kernel in throwaway namespaces, the CLI,
# the traffic lab and auth (vitest); then the production build and the browser tests (Playwright).
# Kernel tests need root (they create network namespaces); they fail, never skip, without it.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

bash scripts/setup.sh test

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
say "type checking"
npx --no-install tsc --noEmit -p .
say "building the command line (esbuild -> dist/cli; bin/lintas runs it)"
node scripts/build-cli.mjs
# Before vitest too: the install and least-privilege tests serve and install the built panel.
say "building the web panel (next build)"
node node_modules/next/dist/bin/next build
say "unit, golden, kernel, CLI, auth and traffic-lab tests (vitest)"
npx --no-install vitest run
say "browser tests (Playwright, Debian's chromium inside a lab LAN namespace, panel inside the lab router)"
npx --no-install playwright test
