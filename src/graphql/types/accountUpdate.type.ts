import { Field, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar } from "../scalars/dateTime.scalar.js";
import { AccountGql } from "./account.type.js";

export enum AccountUpdateReasonGql {
  SNAPSHOT = "SNAPSHOT",
  STREAM = "STREAM",
  POLL = "POLL",
  TRANSFER = "TRANSFER",
}

registerEnumType(AccountUpdateReasonGql, {
  name: "AccountUpdateReason",
  valuesConfig: {
    SNAPSHOT: { description: "The first message for each selected account: its state when the subscription started." },
    STREAM: { description: "The exchange pushed the change on its account stream." },
    POLL: { description: "A re-read found the change (a wallet the exchange has no stream for, or a resync after a stream dropped)." },
    TRANSFER: { description: "A transfer made through this API moved it." },
  },
});

/** One account's new state; the root's `account` is the key carrying that state. */
@ObjectType("AccountUpdate")
export class AccountUpdateGql {
  @Field(() => AccountGql, { description: "The account as it is after the change: its balances and margin are those of this update." })
  account!: AccountGql;
  @Field(() => AccountUpdateReasonGql)
  reason!: AccountUpdateReasonGql;
  @Field(() => DateTimeScalar, { description: "When the change happened: the exchange's event time for STREAM, else when Coffer saw it." })
  at!: Date;
}
