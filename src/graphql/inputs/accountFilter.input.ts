import { Field, ID, InputType } from "type-graphql";
import { AccountType, Exchange } from "../enums.js";

@InputType("AccountFilter")
export class AccountFilterInput {
  @Field(() => [ID], { nullable: true })
  connectionIds?: string[] | null;
  @Field(() => [Exchange], { nullable: true })
  exchanges?: Exchange[] | null;
  @Field(() => [AccountType], { nullable: true })
  types?: AccountType[] | null;
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: "Include the sub-accounts of a master key (where the exchange has them) as accounts of their own.",
  })
  includeSubAccounts?: boolean | null;
}
