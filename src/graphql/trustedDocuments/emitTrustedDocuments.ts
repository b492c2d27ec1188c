import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildTrustedDocumentManifest, TRUSTED_DOCUMENTS_FILE } from "./trustedDocumentManifest.js";

/**
 * Writes the trusted-documents manifest from schema/operations/*.graphql (checked in; CI fails
 * on drift). Run from the repository root: `npm run documents:emit` (`npm run codegen` runs it too).
 */
const target = process.argv[2] ?? TRUSTED_DOCUMENTS_FILE;
const folder = join("schema", "operations");
const sources = readdirSync(folder)
  .filter((name) => name.endsWith(".graphql"))
  .sort()
  .map((name) => ({ name: join(folder, name), text: readFileSync(join(folder, name), "utf8") }));
const manifest = buildTrustedDocumentManifest(sources);
writeFileSync(target, JSON.stringify(manifest, null, 2) + "\n");
console.log(`${Object.keys(manifest).length} trusted documents written to ${target}`);
