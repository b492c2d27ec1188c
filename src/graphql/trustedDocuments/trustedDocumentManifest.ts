import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Kind, parse, type DocumentNode, type FragmentDefinitionNode } from "graphql";
import { canonicalOperation, documentIdOf } from "./canonicalOperation.js";

/** `{ "sha256:<hex>": "<document text>" }`: the trusted documents, keyed by the id a client sends. */
export type TrustedDocumentManifest = Readonly<Record<string, string>>;

export const TRUSTED_DOCUMENTS_FILE = join("schema", "trusted-documents.json");

/**
 * Builds the manifest from the operation files (schema/operations/*.graphql): one entry per
 * named operation, its text canonical (operation + the fragments it uses, from any file), so
 * the id does not depend on how the files are split or formatted. Keys are sorted.
 */
export function buildTrustedDocumentManifest(sources: ReadonlyArray<{ readonly name: string; readonly text: string }>): TrustedDocumentManifest {
  const documents: DocumentNode[] = sources.map((s) => parse(s.text));
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operationNames = new Set<string>();
  documents.forEach((document, i) => {
    for (const d of document.definitions) {
      if (d.kind === Kind.FRAGMENT_DEFINITION) {
        if (fragments.has(d.name.value)) throw new Error(`${sources[i]!.name}: fragment ${d.name.value} is defined twice`);
        fragments.set(d.name.value, d);
      } else if (d.kind === Kind.OPERATION_DEFINITION) {
        if (!d.name) throw new Error(`${sources[i]!.name}: every trusted operation needs a name`);
        if (operationNames.has(d.name.value)) throw new Error(`${sources[i]!.name}: operation ${d.name.value} is defined twice`);
        operationNames.add(d.name.value);
      }
    }
  });
  const entries: Array<[string, string]> = [];
  documents.forEach((document, i) => {
    for (const d of document.definitions) {
      if (d.kind !== Kind.OPERATION_DEFINITION) continue;
      const text = canonicalOperation(document, d.name!.value, fragments);
      if (text === null) throw new Error(`${sources[i]!.name}: operation ${d.name!.value} uses a fragment no operation file defines`);
      entries.push([documentIdOf(text), text]);
    }
  });
  entries.sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(entries);
}

/** The manifest shipped with Coffer: schema/trusted-documents.json in the package's root. */
function defaultTrustedDocumentsPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, TRUSTED_DOCUMENTS_FILE);
    if (existsSync(candidate) && existsSync(join(dir, "package.json"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${TRUSTED_DOCUMENTS_FILE} not found above ${dirname(fileURLToPath(import.meta.url))}`);
    dir = parent;
  }
}

/** Reads a manifest and checks that every id is the hash of its text (a hand-edited entry would otherwise be trusted). */
export function loadTrustedDocumentManifest(path: string = defaultTrustedDocumentsPath()): TrustedDocumentManifest {
  const raw: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new Error(`${path}: must be an object of "sha256:<hex>": "<document>"`);
  for (const [id, text] of Object.entries(raw)) {
    if (typeof text !== "string" || documentIdOf(text) !== id) throw new Error(`${path}: entry ${id} is not the sha256 of its document`);
  }
  return raw as TrustedDocumentManifest;
}
