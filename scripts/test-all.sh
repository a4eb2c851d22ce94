#!/usr/bin/env bash
# npm test: type check, the whole suite on embedded PGlite, again on PostgreSQL when
# TEST_DATABASE_URL is set, then the browser journeys in Chromium. Prints one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/*.json
status=0

echo "== type check"
npx tsc --noEmit -p . || status=1

echo "== unit and integration tests on PGlite (embedded)"
env -u TEST_DATABASE_URL npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/pglite.json || status=1

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== unit and integration tests on PostgreSQL ($TEST_DATABASE_URL)"
  npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/postgres.json || status=1
else
  echo "== PostgreSQL run skipped: set TEST_DATABASE_URL=postgres://user@host:5432/db to run it"
fi

if [ "${SKIP_E2E:-}" != "1" ]; then
  echo "== browser journeys in Chromium"
  if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      echo "   installing Debian's chromium (the browser tests never download one)"
      apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    else
      echo "   Chromium is missing: install Debian's chromium (or set CHROMIUM_PATH), or run with SKIP_E2E=1"
      status=1
    fi
  fi
  npx vite build --logLevel warn || status=1
  npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json=test-results/e2e.json || status=1
fi

node -e '
const fs = require("fs");
let p = 0, f = 0, s = 0;
for (const file of fs.readdirSync("test-results").filter((x) => x.endsWith(".json"))) {
  const r = JSON.parse(fs.readFileSync("test-results/" + file, "utf8"));
  p += r.numPassedTests; f += r.numFailedTests; s += r.numPendingTests + (r.numTodoTests || 0);
  console.log(`   ${file.replace(".json", "").padEnd(8)} ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
}
console.log(`tests: ${p} passed, ${f} failed, ${s} skipped`);
'
exit $status
