import { Field, ID, ObjectType } from "type-graphql";
import { Exchange } from "../enums.js";

/** A configured exchange connection; `accounts` is resolved in `connection.resolver.ts`. */
@ObjectType("ExchangeConnection")
export class ExchangeConnectionGql {
  @Field(() => ID)
  id!: string;
  @Field(() => Exchange)
  exchange!: Exchange;
  @Field(() => String, { nullable: true })
  label!: string | null;
}
