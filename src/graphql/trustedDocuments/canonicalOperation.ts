import { createHash } from "node:crypto";
import { Kind, print, visit, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";

/** `sha256:<hex>` of a document's text: the id the GraphQL Trusted Documents convention uses. */
export function documentIdOf(text: string): string {
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

/**
 * One operation in a canonical text: the operation, then every fragment it uses (directly or
 * through other fragments) sorted by name, each printed by graphql-js and separated by a blank
 * line. Whitespace, comments, the order of definitions and unused definitions around it do not
 * change the result, so the same operation has the same id whichever tool sent it. Returns null
 * when the operation cannot be picked (none, several without a name given, a name not there) or
 * uses a fragment the document lacks.
 */
export function canonicalOperation(
  document: DocumentNode,
  operationName?: string | null,
  fragments: ReadonlyMap<string, FragmentDefinitionNode> = fragmentsOf(document),
): string | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return null;
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: Array<OperationDefinitionNode | FragmentDefinitionNode> = [operation];
  while (pending.length > 0) {
    let missing = false;
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (used.has(name)) return;
        const fragment = fragments.get(name);
        if (!fragment) {
          missing = true;
          return;
        }
        used.set(name, fragment);
        pending.push(fragment);
      },
    });
    if (missing) return null;
  }
  const sorted = [...used.values()].sort((a, b) => (a.name.value < b.name.value ? -1 : a.name.value > b.name.value ? 1 : 0));
  return [operation, ...sorted].map((d) => print(d)).join("\n\n");
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return fragments;
}
