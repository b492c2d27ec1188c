import { Dec } from "../../../src/domain/decimal.js";
import type { BinanceSimulator } from "../../../src/exchanges/binance/simulator/server.js";
import type { HtxSimulator } from "../../../src/exchanges/htx/simulator/server.js";
import { TransferDocument, TransfersDocument, type TransferInput, type TransfersQuery } from "../../generated/graphql.js";
import { MONEY_TOKEN } from "../../support/moneyCoffer.js";
import { postGraphql, type GraphqlResponse } from "../../support/postGraphql.js";

/** Shared bits of the money end-to-end tests. */

export const BINANCE_TRANSFER = "/sapi/v1/asset/transfer";
export const HTX_TRANSFER = "/v2/account/transfer";

export type TransferNode = TransfersQuery["transfers"]["edges"][number]["node"];

export function mutateTransfer(url: string, input: TransferInput) {
  return postGraphql(url, TransferDocument, { input }, MONEY_TOKEN);
}

export function codeOf(result: GraphqlResponse<unknown>): unknown {
  return result.errors?.[0]?.extensions?.code;
}

/** Every transfer the merged history lists (all pages of 200). */
export async function allTransfers(url: string): Promise<TransferNode[]> {
  const nodes: TransferNode[] = [];
  let after: string | null = null;
  for (;;) {
    const page: GraphqlResponse<TransfersQuery> = await postGraphql(url, TransfersDocument, { first: 200, after }, MONEY_TOKEN);
    if (page.errors) throw new Error(`transfers failed: ${JSON.stringify(page.errors)}`);
    nodes.push(...page.data!.transfers.edges.map((e) => e.node));
    if (!page.data!.transfers.pageInfo.hasNextPage) return nodes;
    after = page.data!.transfers.pageInfo.endCursor ?? null;
  }
}

/** POSTs that reached the simulators' transfer endpoints. */
export function transferPosts(binance: BinanceSimulator, htx: HtxSimulator): { binance: number; htx: number } {
  return {
    binance: binance.callsTo(BINANCE_TRANSFER, "POST").length + binance.callsTo("/sapi/v1/sub-account/margin/transfer", "POST").length,
    htx: htx.calls.filter((c) => c.path === HTX_TRANSFER && c.method === "POST").length,
  };
}

/** Exact decimal text of `a − b` (plain notation, as the simulators print balances). */
export function minus(a: string, b: string): string {
  return new Dec(a).minus(new Dec(b)).toFixed();
}

export function plus(a: string, b: string): string {
  return new Dec(a).plus(new Dec(b)).toFixed();
}

/** Exact decimal equality of two texts ("1.50" equals "1.5"). */
export function sameAmount(a: string, b: string): boolean {
  return new Dec(a).eq(new Dec(b));
}

/** Polls `check` until it returns a value (not undefined) or `ms` pass. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
