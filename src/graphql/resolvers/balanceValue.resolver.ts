import type { Decimal } from "decimal.js";
import type { GraphQLResolveInfo } from "graphql";
import { Ctx, FieldResolver, Info, Resolver, Root } from "type-graphql";
import type { Balance } from "../../domain/balance.js";
import { valueOf } from "../../valuation/valuate.js";
import type { GraphQLContext } from "../context.js";
import { QuoteArg, quoteOf } from "../inputs/quoteArg.js";
import { COST } from "../limits/costs.js";
import { BalanceType } from "../types/balance.type.js";
import { DecimalScalar } from "../scalars/decimal.scalar.js";
import { reportPriceFailures } from "../valuationErrors.js";

/** Balance.value: total × the asset's price (the request's one price for it). */
@Resolver(() => BalanceType)
export class BalanceValueResolver {
  @FieldResolver(() => DecimalScalar, { nullable: true, complexity: COST.valuation, description: "total in the quote asset; null when the asset has no price." })
  async value(@Root() balance: Balance, @QuoteArg() quote: string | null, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<Decimal | null> {
    const { price, failures } = await context.loaders.prices.price(balance.asset, quoteOf(quote));
    reportPriceFailures(context, info, failures, `${balance.asset} ${price ? "is priced by a later exchange" : "has no price"}`);
    return price ? valueOf(balance.total, price.price) : null;
  }
}
