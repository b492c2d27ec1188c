#!/usr/bin/env bash
# Fails when the checked-in schema (schema/schema.graphql), the generated typed documents
# (test/generated/graphql.ts) or the trusted-documents manifest (schema/trusted-documents.json)
# no longer match the code and schema/operations. Run `npm run schema:emit` and
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
tmp=$(mktemp)
node dist/src/graphql/trustedDocuments/emitTrustedDocuments.js "$tmp" > /dev/null
if ! diff -u schema/trusted-documents.json "$tmp"; then
  echo "schema/trusted-documents.json is stale: run npm run documents:emit (or npm run codegen) and commit it" >&2
  exit 1
fi
rm -f "$tmp"
echo "schema, generated types and trusted documents are up to date"
