import type { GraphQLResolveInfo } from "graphql";
import { Ctx, FieldResolver, Info, Resolver, Root } from "type-graphql";
import type { AccountKey } from "../../domain/accountKey.js";
import { liveStateOf } from "../../live/accountState.js";
import { valuate, type Valuation } from "../../valuation/valuate.js";
import type { GraphQLContext } from "../context.js";
import { QuoteArg, quoteOf } from "../inputs/quoteArg.js";
import { COST } from "../limits/costs.js";
import { AccountGql } from "../types/account.type.js";
import { ValuationGql } from "../types/valuation.type.js";
import { reportPriceFailures, valuationShortfall } from "../valuationErrors.js";

/** Account.value: the account's balances (zero ones included, they add nothing) in one quote asset. */
@Resolver(() => AccountGql)
export class AccountValueResolver {
  @FieldResolver(() => ValuationGql, { complexity: COST.valuation, description: "What the account's balances are worth in the quote asset." })
  async value(@Root() key: AccountKey, @QuoteArg() quote: string | null, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<Valuation> {
    const asset = quoteOf(quote);
    context.loaders.prices.warm();
    const balances = liveStateOf(key)?.balances ?? (await context.loaders.balances.load(key));
    const { valuation, failures } = await valuate(balances, asset, context.loaders.prices);
    reportPriceFailures(context, info, failures, valuationShortfall("This account's value", valuation.unpriced));
    return valuation;
  }
}
