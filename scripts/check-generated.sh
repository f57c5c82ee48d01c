#!/usr/bin/env bash
# Regenerates generated/ from openapi/ and fails when anything differs from what is committed,
# new untracked files included (git diff alone misses those).
set -euo pipefail
cd "$(dirname "$0")/.."
npx openapi-ts > /dev/null
if [ -n "$(git status --porcelain -- generated/)" ]; then
  echo "generated/ is out of date with openapi/: run 'npm run generate' and commit the result." >&2
  git status --porcelain -- generated/ >&2
  git --no-pager diff --stat -- generated/ >&2
  exit 1
fi
echo "generated/ matches openapi/"
