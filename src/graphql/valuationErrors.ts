import { responsePathAsArray, type GraphQLResolveInfo } from "graphql";
import { UpstreamError } from "../domain/errors.js";
import type { GraphQLContext } from "./context.js";
import { partialError } from "./partialError.js";

/**
 * Reports, at the path of the field being resolved, each exchange whose tickers could not be
 * read while pricing it (its code, e.g. UPSTREAM_UNAVAILABLE, and connectionId): the field
 * still answers with what the other exchanges priced.
 */
export function reportPriceFailures(context: GraphQLContext, info: GraphQLResolveInfo, failures: readonly Error[], what: string): void {
  const path = responsePathAsArray(info.path);
  for (const failure of failures) {
    const source = failure instanceof UpstreamError ? `the tickers of ${failure.connectionId}` : "an exchange's tickers";
    context.partialErrors.push(partialError(path, `${what}: ${source} could not be read (${failure.message})`, failure));
  }
}

/** The message of a valuation's errors: what it leaves out, or that a later exchange priced it. */
export function valuationShortfall(subject: string, unpriced: readonly string[]): string {
  return unpriced.length > 0 ? `${subject} leaves out ${unpriced.join(", ")} (no price found)` : `${subject} uses prices of a later exchange`;
}
