import { Field, ObjectType } from "type-graphql";
import { AccountType } from "../enums.js";

@ObjectType("AccountRef")
export class AccountRefGql {
  @Field(() => AccountType)
  type!: AccountType;
  @Field(() => String, { nullable: true })
  symbol!: string | null;
}
