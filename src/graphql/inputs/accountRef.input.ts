import { Field, InputType } from "type-graphql";
import { AccountType } from "../enums.js";

@InputType("AccountRefInput")
export class AccountRefInput {
  @Field(() => AccountType)
  type!: AccountType;
  @Field(() => String, {
    nullable: true,
    description: "Required for MARGIN_ISOLATED (BTCUSDT) and for an HTX isolated contract account (BTC-USDT).",
  })
  symbol?: string | null;
}
