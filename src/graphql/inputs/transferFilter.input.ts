import { Field, ID, InputType } from "type-graphql";
import { Exchange, TransferStatus } from "../enums.js";
import { DateTimeScalar } from "../scalars/dateTime.scalar.js";

@InputType("TransferFilter")
export class TransferFilterInput {
  @Field(() => [ID], { nullable: true })
  connectionIds?: string[] | null;
  @Field(() => [Exchange], { nullable: true })
  exchanges?: Exchange[] | null;
  @Field(() => [String], { nullable: true })
  assets?: string[] | null;
  @Field(() => [TransferStatus], { nullable: true })
  statuses?: TransferStatus[] | null;
  @Field(() => DateTimeScalar, { nullable: true })
  since?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true })
  until?: Date | null;
}
