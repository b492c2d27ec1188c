import type { Decimal } from "decimal.js";
import type { GraphQLResolveInfo } from "graphql";
import { Ctx, FieldResolver, Info, Resolver, Root } from "type-graphql";
import type { Price } from "../../valuation/price.js";
import { valueOf } from "../../valuation/valuate.js";
import type { GraphQLContext } from "../context.js";
import { QuoteArg, quoteOf } from "../inputs/quoteArg.js";
import { COST } from "../limits/costs.js";
import { PortfolioAssetGql } from "../types/portfolio.type.js";
import { DecimalScalar } from "../scalars/decimal.scalar.js";
import { PriceGql } from "../types/valuation.type.js";
import { reportPriceFailures } from "../valuationErrors.js";

/** PortfolioAsset.price and .value: the request's one price of the asset, and total × it. */
@Resolver(() => PortfolioAssetGql)
export class PortfolioAssetValueResolver {
  @FieldResolver(() => PriceGql, { nullable: true, complexity: COST.valuation, description: "The asset's price in the quote asset; null when it has none." })
  async price(@Root() line: PortfolioAssetGql, @QuoteArg() quote: string | null, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<Price | null> {
    const { price, failures } = await context.loaders.prices.price(line.asset, quoteOf(quote));
    reportPriceFailures(context, info, failures, `${line.asset} ${price ? "is priced by a later exchange" : "has no price"}`);
    return price;
  }

  @FieldResolver(() => DecimalScalar, { nullable: true, complexity: COST.valuation, description: "total in the quote asset; null when the asset has no price." })
  async value(@Root() line: PortfolioAssetGql, @QuoteArg() quote: string | null, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<Decimal | null> {
    const { price, failures } = await context.loaders.prices.price(line.asset, quoteOf(quote));
    reportPriceFailures(context, info, failures, `${line.asset} ${price ? "is priced by a later exchange" : "has no price"}`);
    return price ? valueOf(line.total, price.price) : null;
  }
}
