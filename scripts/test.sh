#!/usr/bin/env bash
# Every test, as CI runs them: types, lint, unit, integration on PGlite and on Postgres, then the
# production build driven end to end in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

bash scripts/ensure-services.sh
npm run db:generate --silent
# Both are single-threaded: side by side they take the time of the slower one on two cores.
echo "── typecheck and lint"
npm run typecheck --silent & typecheck=$!
npm run lint --silent & lint=$!
failed=0
wait "$typecheck" || failed=1
wait "$lint" || failed=1
[ "$failed" -eq 0 ]
echo "── unit and integration" && npx vitest run
echo "── build" && npm run build --silent
echo "── end to end" && npx playwright test
