import type { GraphQLResolveInfo } from "graphql";
import { Ctx, FieldResolver, Info, Resolver, Root } from "type-graphql";
import { valuate, type Valuation } from "../../valuation/valuate.js";
import type { GraphQLContext } from "../context.js";
import { QuoteArg, quoteOf } from "../inputs/quoteArg.js";
import { COST } from "../limits/costs.js";
import { PortfolioGql } from "../types/portfolio.type.js";
import { ValuationGql } from "../types/valuation.type.js";
import { reportPriceFailures, valuationShortfall } from "../valuationErrors.js";

/**
 * Portfolio.value: the per-asset sums valued once each, which equals the sum of the accounts'
 * values exactly (same prices, exact arithmetic). Accounts the portfolio could not read are
 * already reported at `portfolio`.
 */
@Resolver(() => PortfolioGql)
export class PortfolioValueResolver {
  @FieldResolver(() => ValuationGql, { complexity: COST.valuation, description: "What the portfolio is worth in the quote asset." })
  async value(@Root() portfolio: PortfolioGql, @QuoteArg() quote: string | null, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<Valuation> {
    const { valuation, failures } = await valuate(portfolio.assets, quoteOf(quote), context.loaders.prices);
    reportPriceFailures(context, info, failures, valuationShortfall("The portfolio's value", valuation.unpriced));
    return valuation;
  }
}
