#!/usr/bin/env bash
# The test command: installs exactly what the lockfile says, fails on stale generated
# files, then builds (compile, API.md, every test, package). CI runs this same script.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node22.sh
npm ci --no-audit --no-fund
node scripts/check-fresh.mjs
# The build's own lint step fixes what it can; here unformatted or unlinted code fails.
npx biome ci .
npx projen build
