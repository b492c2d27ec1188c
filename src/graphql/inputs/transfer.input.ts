import type { Decimal } from "decimal.js";
import { Field, ID, InputType } from "type-graphql";
import { DecimalScalar } from "../scalars/decimal.scalar.js";
import { AccountRefInput } from "./accountRef.input.js";

@InputType("TransferInput")
export class TransferInput {
  @Field(() => ID)
  connectionId!: string;
  @Field(() => String, { description: "Asset code, any case (usdt and USDT are the same)." })
  asset!: string;
  @Field(() => DecimalScalar)
  amount!: Decimal;
  @Field(() => AccountRefInput)
  from!: AccountRefInput;
  @Field(() => AccountRefInput)
  to!: AccountRefInput;
  @Field(() => String, {
    nullable: true,
    description: "A master key moving funds between a sub-account's spot and cross margin accounts.",
  })
  subAccountEmail?: string | null;
  @Field(() => String, { description: "Chosen by the client, 1 to 255 characters; kept at least 24 hours." })
  idempotencyKey!: string;
}
