import type { Decimal } from "decimal.js";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { Exchange, SymbolRequirement, TransferSource, TransferStatus } from "../enums.js";
import { DateTimeScalar } from "../scalars/dateTime.scalar.js";
import { DecimalScalar } from "../scalars/decimal.scalar.js";
import { AccountRefGql } from "./accountRef.type.js";

/** A transfer; the root is the domain `TransferRecord`. */
@ObjectType("Transfer")
export class TransferGql {
  @Field(() => ID)
  id!: string;
  @Field(() => ID)
  connectionId!: string;
  @Field(() => Exchange)
  exchange!: Exchange;
  @Field(() => String, {
    nullable: true,
    description: "The exchange's own id of the transfer.",
  })
  exchangeTransferId!: string | null;
  @Field(() => String)
  asset!: string;
  @Field(() => DecimalScalar)
  amount!: Decimal;
  @Field(() => AccountRefGql)
  from!: AccountRefGql;
  @Field(() => AccountRefGql)
  to!: AccountRefGql;
  @Field(() => String, { nullable: true })
  subAccountEmail!: string | null;
  @Field(() => TransferStatus)
  status!: TransferStatus;
  @Field(() => DateTimeScalar)
  createdAt!: Date;
  @Field(() => TransferSource)
  source!: TransferSource;
  @Field(() => String, { nullable: true })
  idempotencyKey!: string | null;
  @Field(() => String, { nullable: true, description: "Why it failed, in words, where it failed." })
  failureReason!: string | null;
}

@ObjectType("TransferEdge")
export class TransferEdgeGql {
  @Field(() => String)
  cursor!: string;
  @Field(() => TransferGql)
  node!: TransferGql;
}

@ObjectType("PageInfo")
export class PageInfoGql {
  @Field(() => Boolean)
  hasNextPage!: boolean;
  @Field(() => String, { nullable: true })
  endCursor!: string | null;
  @Field(() => Boolean, {
    description:
      "Relay's hasPreviousPage. Paging forward (first/after): true exactly when after is set. Paging backward (last/before): whether newer nodes than this page exist in the range.",
  })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: "The cursor of the page's first (newest) edge; null for an empty page." })
  startCursor!: string | null;
}

@ObjectType("TransferConnection")
export class TransferConnectionGql {
  @Field(() => [TransferEdgeGql])
  edges!: TransferEdgeGql[];
  @Field(() => PageInfoGql)
  pageInfo!: PageInfoGql;
  @Field(() => Int, {
    nullable: true,
    description:
      "How many transfers the filtered history holds, given only when this read saw all of them anyway: a first page (no after/before) with no next page, or a last page without after/before (which reads the whole window). Null otherwise — counting would mean reading every exchange's whole history — and when a connection's history could not be read.",
  })
  totalCount!: number | null;
}

@ObjectType("TransferPayload")
export class TransferPayloadGql {
  @Field(() => TransferGql)
  transfer!: TransferGql;
  @Field(() => Boolean, { description: "True when this answer replays an earlier call with the same idempotencyKey." })
  replayed!: boolean;
}

@ObjectType("TransferRoute")
export class TransferRouteGql {
  @Field(() => AccountRefGql)
  from!: AccountRefGql;
  @Field(() => AccountRefGql)
  to!: AccountRefGql;
  @Field(() => Boolean, { description: "Whether the from (or to) side needs a symbol." })
  fromNeedsSymbol!: boolean;
  @Field(() => Boolean)
  toNeedsSymbol!: boolean;
  @Field(() => SymbolRequirement, { description: "Whether from.symbol is taken: NONE, REQUIRED, or OPTIONAL (fromNeedsSymbol is true exactly when REQUIRED)." })
  fromSymbol!: SymbolRequirement;
  @Field(() => SymbolRequirement, { description: "Whether to.symbol is taken: NONE, REQUIRED, or OPTIONAL (toNeedsSymbol is true exactly when REQUIRED)." })
  toSymbol!: SymbolRequirement;
  @Field(() => Boolean, { description: "Whether the route moves funds of a sub-account (needs subAccountEmail)." })
  needsSubAccountEmail!: boolean;
}
