#!/usr/bin/env bash
# Fails when the checked-in schema (schema/schema.graphql) or the generated typed documents
# (test/generated/graphql.ts) no longer match the code. Run `npm run schema:emit` and
# `npm run codegen` to refresh them.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
tmp=$(mktemp)
node dist/src/graphql/emitSchema.js "$tmp" > /dev/null
if ! diff -u schema/schema.graphql "$tmp"; then
  echo "schema/schema.graphql is stale: run npm run schema:emit and commit it" >&2
  exit 1
fi
rm -f "$tmp"
if ! npx graphql-codegen --config codegen.yml --check; then
  echo "test/generated/graphql.ts is stale: run npm run codegen and commit it" >&2
  exit 1
fi
echo "schema and generated types are up to date"
