#!/usr/bin/env bash
# The test command of the README: unit, wire, contract and end-to-end tests, the type check,
# the OpenAPI lint and validation, and the check that generated/ matches openapi/.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== type check"
npx tsc --noEmit
echo "== browser bundle (core entry has no Node built-in)"
node scripts/check-browser-bundle.mjs
echo "== openapi lint"
npm run --silent lint:openapi
echo "== generated/ drift"
bash scripts/check-generated.sh
echo "== API docs (every public symbol documented)"
# typedoc.json lists ThinkMode and MCPServerType members as intentionally undocumented: hey-api
# prints two-member enum objects on one line, so the per-value comments from openapi/ don't attach.
npx typedoc --emit none
echo "== tests"
npx jest --ci --coverage "$@"
echo "== package (pack, publint, attw, ESM/CJS/TypeScript consumers)"
node scripts/pack-test.mjs
