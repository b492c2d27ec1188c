import type { Decimal } from "decimal.js";
import { Field, ID, ObjectType } from "type-graphql";
import { Exchange, MarginMode, RiskLevel } from "../enums.js";
import { DecimalScalar } from "../scalars/decimal.scalar.js";
import { AccountGql } from "./account.type.js";
import { ContractMarginType } from "./contractMargin.type.js";

/** Margin details of one account. Root: `{ key: AccountKey, details: MarginDetails }` flattened by the resolver. */
@ObjectType("MarginAccount")
export class MarginAccountGql {
  @Field(() => ID, { description: "The id of the Account these margin details belong to (the same as accountId), so a client cache can key them." })
  id!: string;
  @Field(() => ID)
  accountId!: string;
  @Field(() => AccountGql)
  account!: AccountGql;
  @Field(() => ID)
  connectionId!: string;
  @Field(() => Exchange)
  exchange!: Exchange;
  @Field(() => MarginMode)
  mode!: MarginMode;
  @Field(() => String, { nullable: true })
  symbol!: string | null;
  @Field(() => String, { nullable: true })
  marginAsset!: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: "Account equity." })
  marginBalance!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  marginStatic!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  positionMargin!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  frozenMargin!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  availableMargin!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  unrealizedPnl!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  withdrawAvailable!: Decimal | null;
  @Field(() => DecimalScalar, {
    nullable: true,
    description: "Maintenance margin the account must hold, as the exchange reports it.",
  })
  maintenanceMargin!: Decimal | null;
  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      "The exchange's own risk figure as it defines it: a risk rate as sent, or a margin ratio = maintenance margin / margin balance (liquidation at 1). riskLevel puts it on one scale.",
  })
  riskRate!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true, description: "Margin level as the exchange reports it (assets / liabilities)." })
  marginLevel!: Decimal | null;
  @Field(() => String, {
    nullable: true,
    description: "Margin-level status as the exchange names it, e.g. EXCESSIVE, NORMAL, MARGIN_CALL, PRE_LIQUIDATION, FORCE_LIQUIDATION.",
  })
  marginLevelStatus!: string | null;
  @Field(() => DecimalScalar, { nullable: true })
  liquidationPrice!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  totalAssetOfBtc!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  totalLiabilityOfBtc!: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true })
  totalNetAssetOfBtc!: Decimal | null;
  @Field(() => String, { nullable: true, description: "Position mode as the exchange names it, e.g. single_side or dual_side." })
  positionMode!: string | null;
  @Field(() => [ContractMarginType])
  contracts!: ContractMarginType[];
  @Field(() => RiskLevel, {
    description: "The account's risk on one scale for every exchange, from the exchange's own documented thresholds.",
  })
  riskLevel!: RiskLevel;
}
