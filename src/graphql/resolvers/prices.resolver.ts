import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, Info, Query, Resolver } from "type-graphql";
import { BadUserInputError } from "../../domain/errors.js";
import { parseAssetCode } from "../../valuation/assetCode.js";
import type { Price } from "../../valuation/price.js";
import type { GraphQLContext } from "../context.js";
import { QuoteArg, quoteOf } from "../inputs/quoteArg.js";
import { COST } from "../limits/costs.js";
import { PriceGql } from "../types/valuation.type.js";
import { reportPriceFailures } from "../valuationErrors.js";

/** Most assets one `prices` query may ask for. */
const MAX_PRICE_ASSETS = 200;

@Resolver()
export class PricesResolver {
  @Query(() => [PriceGql], {
    complexity: COST.prices,
    description: "Prices of the given assets in the quote asset. An asset with no price on any configured exchange is left out.",
  })
  async prices(
    @Arg("assets", () => [String]) assets: string[],
    @QuoteArg() quote: string | null,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Price[]> {
    if (assets.length > MAX_PRICE_ASSETS) throw new BadUserInputError(`assets holds ${assets.length} codes; at most ${MAX_PRICE_ASSETS} are allowed.`);
    const wanted = [...new Set(assets.map((asset) => parseAssetCode(asset, "assets")))];
    const target = quoteOf(quote);
    const lookups = await Promise.all(wanted.map((asset) => context.loaders.prices.price(asset, target)));
    const failures = new Set(lookups.flatMap((lookup) => lookup.failures));
    const missing = wanted.filter((_, i) => lookups[i].price === null);
    reportPriceFailures(context, info, [...failures], missing.length > 0 ? `No price for ${missing.join(", ")}` : "Prices from a later exchange");
    return lookups.flatMap((lookup) => (lookup.price ? [lookup.price] : []));
  }
}
