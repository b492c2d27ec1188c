import type { Decimal } from "decimal.js";
import { Field, Int, ObjectType } from "type-graphql";
import { DecimalScalar } from "../scalars/decimal.scalar.js";

@ObjectType("PortfolioAsset")
export class PortfolioAssetGql {
  @Field(() => String)
  asset!: string;
  @Field(() => DecimalScalar)
  total!: Decimal;
  @Field(() => DecimalScalar)
  net!: Decimal;
  @Field(() => Int, { description: "How many of the selected accounts hold it." })
  accounts!: number;
}

@ObjectType("Portfolio")
export class PortfolioGql {
  @Field(() => [PortfolioAssetGql])
  assets!: PortfolioAssetGql[];
}
