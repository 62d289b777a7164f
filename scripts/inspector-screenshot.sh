#!/usr/bin/env bash
# Renders docs/inspector.png, the README's picture of the inspector: the browser test's
# own system (an orchestrator, an A2A researcher that delegates to an archivist, a writer,
# all on the offline model), after its requests, in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node22.sh
INSPECTOR_SCREENSHOT="$PWD/docs/inspector.png" npx vitest run test/dev/inspector-browser.test.ts
echo "wrote docs/inspector.png"
