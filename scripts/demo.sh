#!/usr/bin/env bash
# The main job: builds this package, scaffolds a demo system (an orchestrator, a
# researcher and a writer) into .tmp/demo without a single prompt, installs it, runs
# every agent locally (offline: no AWS account, no hosted model) and sends the
# orchestrator a request that it answers by delegating. The output shows the delegations.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node22.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx projen compile >/dev/null

rm -rf .tmp/demo
node lib/cli/create.js .tmp/demo --yes
cd .tmp/demo

log=$(mktemp)
# The command itself (what `npx projen dev` runs), so that stopping it stops its agents.
node_modules/.bin/agentcore-multiagent dev --port 0 --model offline --no-watch >"$log" 2>&1 &
dev=$!
trap 'kill $dev 2>/dev/null; wait $dev 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
  # dev writes its state file once every agent answers.
  [ -f node_modules/.cache/agentcore-multiagent/dev.json ] && break
  kill -0 $dev 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.5
done
cat "$log"
echo
echo '$ npx projen invoke orchestrator "Research the history of the printing press, then turn the notes into clear prose"'
npx projen invoke orchestrator "Research the history of the printing press, then turn the notes into clear prose"
