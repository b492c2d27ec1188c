import { Field, InputType } from "type-graphql";
import { AccountType } from "../enums.js";

@InputType("AccountRefInput")
export class AccountRefInput {
  @Field(() => AccountType)
  type!: AccountType;
  @Field(() => String, {
    nullable: true,
    description: "Required for MARGIN_ISOLATED (its pair, e.g. BTCUSDT) and for an isolated contract account (its contract code, e.g. BTC-USDT).",
  })
  symbol?: string | null;
}
