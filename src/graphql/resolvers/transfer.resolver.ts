import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from "type-graphql";
import { NotFoundError } from "../../domain/errors.js";
import type { TransferRecord, TransferRequest, TransferRoute } from "../../domain/transfer.js";
import { parseAssetCode } from "../../domain/userCodes.js";
import { requireScope } from "../auth.js";
import type { GraphQLContext } from "../context.js";
import { partialError } from "../partialError.js";
import { TransferInput } from "../inputs/transfer.input.js";
import { TransferFilterInput } from "../inputs/transferFilter.input.js";
import type { HistoryPage } from "../../transfers/historyReader.js";
import { TransferConnectionGql, TransferGql, TransferPayloadGql, TransferRouteGql } from "../types/transfer.type.js";
import { COST } from "../limits/costs.js";
import { parseExchangeRecordId } from "../../transfers/transferIds.js";

/**
 * Whether the client gave `first` itself (the schema's default of 50 applies otherwise): paging
 * backward with `last` leaves it out, and only an explicit `first` next to `last` is refused.
 */
function firstGiven(info: GraphQLResolveInfo): boolean {
  const arg = info.fieldNodes[0]?.arguments?.find((a) => a.name.value === "first");
  if (!arg) return false;
  if (arg.value.kind === "Variable") return info.variableValues[arg.value.name.value] !== undefined;
  return true;
}

/** `transfer(id)`: a journal id is one row; an exchange record's id may search its history. */
function transferByIdCost({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }): number {
  const id = typeof args.id === "string" ? args.id : "";
  return (parseExchangeRecordId(id) ? COST.exchangeRecordRead : COST.journalRead) + childComplexity;
}

/** The GraphQL input as the domain's one transfer command (the service checks and normalizes it). */
function transferRequestOf(input: TransferInput): TransferRequest {
  return {
    connectionId: input.connectionId,
    asset: input.asset,
    amount: input.amount,
    from: { type: input.from.type, symbol: input.from.symbol ?? null },
    to: { type: input.to.type, symbol: input.to.symbol ?? null },
    subAccountEmail: input.subAccountEmail ?? null,
    idempotencyKey: input.idempotencyKey,
  };
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
      "Transfers, newest first: this API's journal merged with the exchanges' histories, each transfer once. Relay paging: first/after page forward (towards older), last/before page backward (the last nodes just newer than before); first together with last is BAD_USER_INPUT. A backward page reads from the newest edge down to before, so it costs more the further before lies from the top.",
  })
  async transfers(
    @Arg("filter", () => TransferFilterInput, { nullable: true }) filter: TransferFilterInput | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("last", () => Int, { nullable: true }) last: number | null,
    @Arg("before", () => String, { nullable: true }) before: string | null,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HistoryPage> {
    const assets = filter?.assets?.map((a, i) => parseAssetCode(a, `filter.assets[${i}]`)) ?? filter?.assets;
    const backward = last !== null && last !== undefined;
    // `first` defaults to 50 only when paging forward; an explicit `first` with `last` is refused by the reader.
    const forwardSize = backward ? (firstGiven(info) ? first : null) : (first ?? 50);
    const page = await context.services.transfers.history({
      filter: filter ? { ...filter, assets } : {},
      first: forwardSize,
      after,
      last,
      before,
      signal: context.signal,
    });
    for (const error of page.errors ?? []) {
      context.partialErrors.push(partialError(["transfers"], error.message, error));
    }
    return page;
  }

  @Query(() => TransferGql, { nullable: true, complexity: transferByIdCost })
  transfer(@Arg("id", () => ID) id: string, @Ctx() context: GraphQLContext): Promise<TransferRecord | null> {
    return context.services.transfers.get(id, { signal: context.signal });
  }

  @Mutation(() => TransferPayloadGql, {
    complexity: COST.transfer,
    name: "transfer",
    description:
      "Moves funds between two accounts of one connection. Needs a token with the transfer scope. The same idempotencyKey with the same input returns the first result and never moves funds twice; with a different input it is an IDEMPOTENCY_CONFLICT error.",
  })
  async transferFunds(@Arg("input", () => TransferInput) input: TransferInput, @Ctx() context: GraphQLContext): Promise<{ transfer: TransferRecord; replayed: boolean }> {
    requireScope(context.principal, "transfer");
    return context.services.transfers.transfer(transferRequestOf(input));
  }
}
