import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import { parseAssetCode } from "../../valuation/assetCode.js";

/** The fields that need prices (Account/Portfolio/Balance/PortfolioAsset value, PortfolioAsset price). */
const VALUATION_FIELDS = new Set(["value", "price"]);

/** Whether a value/price field's `quote` (literal, variable or default) is an asset code. */
function quoteIsValid(node: FieldNode, variables: Record<string, unknown>): boolean {
  const value = node.arguments?.find((a) => a.name.value === "quote")?.value;
  if (!value || value.kind === Kind.NULL) return true;
  const quote = value.kind === Kind.STRING ? value.value : value.kind === Kind.VARIABLE ? variables[value.name.value] : undefined;
  if (quote === null || quote === undefined) return true;
  try {
    parseAssetCode(String(quote), "quote");
    return typeof quote === "string";
  } catch {
    return false;
  }
}

/**
 * Whether anything below the field being resolved, at any depth and through fragments, asks
 * for a value or a price, every one with a valid quote. Lets a root resolver start reading the
 * tickers while the accounts are still being discovered, so prices never add a step to the
 * longest chain of calls; a bad quote reads nothing (its field answers BAD_USER_INPUT).
 */
export function selectsValuation(info: GraphQLResolveInfo): boolean {
  const seen = new Set<string>();
  const found: FieldNode[] = [];
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (VALUATION_FIELDS.has(selection.name.value)) found.push(selection);
        visit(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        visit(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return found.length > 0 && found.every((node) => quoteIsValid(node, info.variableValues));
}
