#!/usr/bin/env bash
# The main job: sets up this package and renders the demo agent system into .tmp/demo.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node22.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx projen compile >/dev/null
rm -rf .tmp/demo
node lib/cli/create.js .tmp/demo "$@"
echo
cat .tmp/demo/README.md
