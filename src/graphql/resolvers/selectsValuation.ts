import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/** The fields that need prices (Account/Portfolio/Balance/PortfolioAsset value, PortfolioAsset price). */
const VALUATION_FIELDS = new Set(["value", "price"]);

/**
 * Whether anything below the field being resolved, at any depth and through fragments, asks
 * for a value or a price. Lets a root resolver start reading the tickers while the accounts are
 * still being discovered, so prices never add a step to the longest chain of calls.
 */
export function selectsValuation(info: GraphQLResolveInfo): boolean {
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set &&
    set.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return VALUATION_FIELDS.has(selection.name.value) || visit(selection.selectionSet);
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      if (seen.has(selection.name.value)) return false;
      seen.add(selection.name.value);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
