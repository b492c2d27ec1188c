import type { Decimal } from "decimal.js";
import { Field, ObjectType } from "type-graphql";
import { DecimalScalar } from "../scalars/decimal.scalar.js";

@ObjectType("Balance", { description: "One asset in one account, exact." })
export class BalanceType {
  @Field(() => String, { description: "Upper-case asset code, e.g. USDT." })
  asset!: string;
  @Field(() => DecimalScalar)
  free!: Decimal;
  @Field(() => DecimalScalar)
  locked!: Decimal;
  @Field(() => DecimalScalar)
  borrowed!: Decimal;
  @Field(() => DecimalScalar)
  interest!: Decimal;
  @Field(() => DecimalScalar, { description: "free + locked" })
  total!: Decimal;
  @Field(() => DecimalScalar, { description: "total - borrowed - interest" })
  net!: Decimal;
}
