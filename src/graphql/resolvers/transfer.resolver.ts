import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { AppError, ErrorCode, NotFoundError } from "../../domain/errors.js";
import type { TransferRecord, TransferRoute } from "../../domain/transfer.js";
import { parseAssetCode } from "../../domain/userCodes.js";
import { requireScope } from "../auth.js";
import type { GraphQLContext } from "../context.js";
import { partialError } from "../partialError.js";
import { TransferInput } from "../inputs/transfer.input.js";
import { TransferFilterInput } from "../inputs/transferFilter.input.js";
import type { TransferApi, TransferPage } from "../transferApi.js";
import { TransferConnectionGql, TransferGql, TransferPayloadGql, TransferRouteGql } from "../types/transfer.type.js";
import { COST } from "../limits/costs.js";
import { parseExchangeRecordId } from "../../transfers/transferIds.js";

/** `transfer(id)`: a journal id is one row; an exchange record's id may search its history. */
function transferByIdCost({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }): number {
  const id = typeof args.id === "string" ? args.id : "";
  return (parseExchangeRecordId(id) ? COST.exchangeRecordRead : COST.journalRead) + childComplexity;
}

function transferApi(context: GraphQLContext): TransferApi {
  if (!context.services.transfers) {
    // No made-up data: without a journal there is no transfer service to answer.
    throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, "Transfers are not available: no journal is configured.");
  }
  return context.services.transfers;
}

@Resolver()
export class TransferResolver {
  @Query(() => [TransferRouteGql], { complexity: COST.routes, description: "The (from, to) pairs that the transfer mutation accepts on a connection." })
  transferRoutes(@Arg("connectionId", () => ID) connectionId: string, @Ctx() context: GraphQLContext): readonly TransferRoute[] {
    const connector = context.services.connectorById(connectionId);
    if (!connector) throw new NotFoundError(`No connection "${connectionId}" is configured.`);
    return connector.transferRoutes();
  }

  @Query(() => TransferConnectionGql, {
    complexity: COST.transferHistory,
    description:
      "Transfers, newest first: this API's journal merged with the exchanges' histories, each transfer once.",
  })
  async transfers(
    @Arg("filter", () => TransferFilterInput, { nullable: true }) filter: TransferFilterInput | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<TransferPage> {
    const assets = filter?.assets?.map((a, i) => parseAssetCode(a, `filter.assets[${i}]`)) ?? filter?.assets;
    const page = await transferApi(context).history({ filter: filter ? { ...filter, assets } : {}, first: first ?? 50, after, signal: context.signal });
    for (const error of page.errors ?? []) {
      context.partialErrors.push(partialError(["transfers"], error.message, error));
    }
    return page;
  }

  @Query(() => TransferGql, { nullable: true, complexity: transferByIdCost })
  transfer(@Arg("id", () => ID) id: string, @Ctx() context: GraphQLContext): Promise<TransferRecord | null> {
    return transferApi(context).get(id, { signal: context.signal });
  }

  @Mutation(() => TransferPayloadGql, {
    complexity: COST.transfer,
    name: "transfer",
    description:
      "Moves funds between two accounts of one connection. Needs a token with the transfer scope. The same idempotencyKey with the same input returns the first result and never moves funds twice; with a different input it is an IDEMPOTENCY_CONFLICT error.",
  })
  async transferFunds(
    @Arg("input", () => TransferInput) input: TransferInput,
    @Ctx() context: GraphQLContext,
  ): Promise<{ transfer: TransferRecord; replayed: boolean }> {
    requireScope(context.principal, "transfer");
    return transferApi(context).transfer({
      connectionId: input.connectionId,
      asset: input.asset,
      amount: input.amount,
      from: { type: input.from.type, symbol: input.from.symbol ?? null },
      to: { type: input.to.type, symbol: input.to.symbol ?? null },
      subAccountEmail: input.subAccountEmail ?? null,
      idempotencyKey: input.idempotencyKey,
    });
  }
}
