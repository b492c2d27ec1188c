import { Field, ID, ObjectType } from "type-graphql";
import { AccountType, Exchange } from "../enums.js";

/**
 * An account as the API shows it. The resolver root is the domain `AccountKey`; `id`,
 * `balances` and `margin` are resolved in `account.resolver.ts`.
 */
@ObjectType("Account")
export class AccountGql {
  @Field(() => ID, { description: "Opaque and stable; use it with Query.account." })
  id!: string;
  @Field(() => ID)
  connectionId!: string;
  @Field(() => Exchange)
  exchange!: Exchange;
  @Field(() => AccountType)
  type!: AccountType;
  @Field(() => String, {
    nullable: true,
    description: "Isolated pair or contract (e.g. BTCUSDT for isolated margin, BTC-USDT for an isolated contract account). Null otherwise.",
  })
  symbol!: string | null;
  @Field(() => String, {
    nullable: true,
    description: "Set when the account belongs to a sub-account of the connection's master key.",
  })
  subAccountEmail!: string | null;
}
