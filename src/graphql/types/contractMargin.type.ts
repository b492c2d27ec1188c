import type { Decimal } from "decimal.js";
import { Field, ObjectType } from "type-graphql";
import { DecimalScalar } from "../scalars/decimal.scalar.js";

@ObjectType("ContractMargin", { description: "Margin held for one contract inside a contract account." })
export class ContractMarginType {
  @Field(() => String)
  symbol!: string;
  @Field(() => String)
  contractCode!: string;
  @Field(() => String, { description: "swap, this_week, next_week, quarter, next_quarter" })
  contractType!: string;
  @Field(() => String, { description: "swap or futures" })
  businessType!: string;
  @Field(() => String, { nullable: true })
  pair!: string | null;
  @Field(() => DecimalScalar, { nullable: true })
  leverage!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  positionMargin!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  frozenMargin!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  availableMargin!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  unrealizedPnl!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  liquidationPrice!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  adjustFactor!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  crossMaxAvailable!: Decimal | null;
}
