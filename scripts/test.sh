#!/usr/bin/env bash
# Every test, as CI runs them: types, lint, unit, integration on PGlite and on Postgres, then the
# production build driven end to end in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

bash scripts/ensure-services.sh
npm run db:generate --silent
echo "── typecheck" && npm run typecheck --silent
echo "── lint" && npm run lint --silent
echo "── unit and integration" && npx vitest run
echo "── build" && npm run build --silent
echo "── end to end" && npx playwright test
