import type { Decimal } from "decimal.js";
import { Field, ObjectType } from "type-graphql";
import { Exchange } from "../enums.js";
import { DateTimeScalar } from "../scalars/dateTime.scalar.js";
import { DecimalScalar } from "../scalars/decimal.scalar.js";

@ObjectType("Valuation", {
  description: "What a set of balances is worth in one quote asset. Products and sums are exact; the only rounding is that of an inverse price (see Price.price).",
})
export class ValuationGql {
  @Field(() => String, { description: "The quote asset, upper case." })
  quote!: string;
  @Field(() => DecimalScalar, { description: "Sum of total × price over the priced balances." })
  total!: Decimal;
  @Field(() => DecimalScalar, { description: "Sum of net × price over the priced balances (borrowed and interest subtracted)." })
  net!: Decimal;
  @Field(() => [String], { description: "Assets that hold a balance but have no price in the quote asset; they are in neither total nor net." })
  unpriced!: string[];
  @Field(() => DateTimeScalar, { nullable: true, description: "When the oldest price used was read; null when nothing needed a price." })
  pricedAt!: Date | null;
}

@ObjectType("Price", { description: "One asset's price in a quote asset, from an exchange's public tickers." })
export class PriceGql {
  @Field(() => String)
  asset!: string;
  @Field(() => String)
  quote!: string;
  @Field(() => DecimalScalar, {
    description:
      "Quote units for one unit of the asset: the last price of a direct pair; 1 / last price of an inverse pair, rounded half-even to 18 significant digits; the product of the legs through a bridge asset. 1 when asset = quote.",
  })
  price!: Decimal;
  @Field(() => Exchange, { nullable: true, description: "The exchange whose tickers gave it; null when asset = quote." })
  exchange!: Exchange | null;
  @Field(() => [String], {
    description: 'The tickers used, in order, as the exchange spells them, e.g. ["BTCUSDT"], ["ethbtc", "btcusdt"]; empty when asset = quote.',
  })
  path!: string[];
  @Field(() => Boolean, { description: "Whether the first leg was read as an inverse pair (quote/asset)." })
  inverted!: boolean;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When the price was read: the exchange's ticker timestamp where it gives one, else when the tickers arrived; null when asset = quote.",
  })
  at!: Date | null;
}
