import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType } from "../../../src/domain/enums.js";
import type { TransferRequest } from "../../../src/domain/transfer.js";
import { TransfersDocument, type AccountType as GqlAccountType, type TransfersQuery } from "../../generated/graphql.js";
import { BINANCE_ID, directConnectors, HTX_ID, MONEY_TOKEN, startMoneyCoffer, type MoneyCoffer } from "../../support/moneyCoffer.js";
import { postGraphql, type GraphqlResponse } from "../../support/postGraphql.js";
import { allTransfers, mutateTransfer, transferPosts, type TransferNode } from "./transferKit.js";

/**
 * Issue #6: paging with `transfers(first: 20, after)` through 250 transfers of mixed sources
 * returns each exactly once, newest first, even while new transfers are made between pages.
 *
 * The 250: 85 Binance transfers made through Coffer's mutation and 85 made directly against the
 * Binance simulator with a connector of its own (signed HTTP, bypassing Coffer's journal); 10
 * through Coffer on HTX and 70 directly. They span five Binance routes (universal and margin
 * history both) and both HTX directions.
 *
 * Budgets, as on the real exchanges: a Binance universal transfer weighs 900 of the account's
 * 180 000 a minute (200 transfers a minute, shared by every client of the key, and Coffer
 * refuses to overspend it), so Binance gets 170 + one per page while paging. HTX allows one
 * transfer a second per client and Coffer paces itself to that, so the direct HTX transfers
 * come from 7 connectors of their own in parallel, and the HTX simulator's transfer budget is
 * raised to let them through (the only simulator limit changed).
 */

const THROUGH_COFFER_BINANCE = 85;
const DIRECT_BINANCE = 85;
const THROUGH_COFFER_HTX = 10;
const DIRECT_HTX = 70;
const DIRECT_HTX_CLIENTS = 7;
const TOTAL = THROUGH_COFFER_BINANCE + DIRECT_BINANCE + THROUGH_COFFER_HTX + DIRECT_HTX;

const BINANCE_ROUTES: Array<[GqlAccountType, GqlAccountType]> = [
  ["SPOT", "USDM_FUTURES"],
  ["USDM_FUTURES", "SPOT"],
  ["SPOT", "FUNDING"],
  ["FUNDING", "SPOT"],
  ["SPOT", "MARGIN_CROSS"],
];
const HTX_ROUTES: Array<[GqlAccountType, GqlAccountType]> = [
  ["SPOT", "USDM_FUTURES"],
  ["USDM_FUTURES", "SPOT"],
];

let env: MoneyCoffer;
let direct: Array<ReturnType<typeof directConnectors>> = [];
beforeAll(async () => {
  env = await startMoneyCoffer({ htxLimits: { transfer: { limit: 100, intervalMs: 1000 } } });
  direct = Array.from({ length: DIRECT_HTX_CLIENTS }, () => directConnectors(env.sims));
});
afterAll(async () => {
  for (const d of direct) await d.close();
  await env?.close();
});

/** Runs `count` jobs, at most `parallel` at a time. */
async function pool(count: number, parallel: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

let serial = 0;
/** A distinct small amount per transfer, so nothing could be mistaken for another. */
const amount = () => `1.${String(++serial).padStart(4, "0")}`;

/** Through Coffer: answers the journal id and the exchange's id. */
async function viaCoffer(connectionId: string, [from, to]: [GqlAccountType, GqlAccountType]): Promise<{ id: string; exchangeTransferId: string }> {
  const result = await mutateTransfer(env.url, { connectionId, asset: "USDT", amount: amount(), from: { type: from }, to: { type: to }, idempotencyKey: `page-${++serial}` });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  const t = result.data!.transfer.transfer;
  expect(t.status).toBe("CONFIRMED");
  return { id: t.id, exchangeTransferId: t.exchangeTransferId! };
}

/** Around Coffer: the exchange's id. */
async function viaDirect(exchange: "binance" | "htx", [from, to]: [GqlAccountType, GqlAccountType], client = 0): Promise<string> {
  const request: TransferRequest = {
    connectionId: exchange === "binance" ? BINANCE_ID : HTX_ID,
    asset: "USDT",
    amount: new Dec(amount()),
    from: { type: from as AccountType, symbol: null },
    to: { type: to as AccountType, symbol: null },
    subAccountEmail: null,
    idempotencyKey: "paging-direct",
  };
  const receipt = await direct[client]![exchange].transfer(request);
  return receipt.exchangeTransferId;
}

describe("transfers(first: 20, after) over 250 transfers of mixed sources", () => {
  it("returns each exactly once, newest first, while new transfers arrive between pages", async () => {
    const baseline = await allTransfers(env.url);
    const journaled = new Map<string, string>(); // journal id → exchange id
    const outside = { binance: new Set<string>(), htx: new Set<string>() };
    const started = performance.now();
    await Promise.all([
      pool(THROUGH_COFFER_BINANCE, 4, async (i) => {
        const made = await viaCoffer(BINANCE_ID, BINANCE_ROUTES[i % BINANCE_ROUTES.length]!);
        journaled.set(made.id, made.exchangeTransferId);
      }),
      pool(DIRECT_BINANCE, 4, async (i) => {
        outside.binance.add(await viaDirect("binance", BINANCE_ROUTES[i % BINANCE_ROUTES.length]!));
      }),
      pool(THROUGH_COFFER_HTX, 1, async (i) => {
        const made = await viaCoffer(HTX_ID, HTX_ROUTES[i % 2]!);
        journaled.set(made.id, made.exchangeTransferId);
      }),
      ...Array.from({ length: DIRECT_HTX_CLIENTS }, (_, client) =>
        pool(DIRECT_HTX / DIRECT_HTX_CLIENTS, 1, async (i) => {
          outside.htx.add(await viaDirect("htx", HTX_ROUTES[i % 2]!, client));
        }),
      ),
    ]);
    const madeMs = performance.now() - started;
    expect(journaled.size + outside.binance.size + outside.htx.size).toBe(TOTAL);
    expect(transferPosts(env.sims.binance, env.sims.htx)).toEqual({ binance: THROUGH_COFFER_BINANCE + DIRECT_BINANCE, htx: THROUGH_COFFER_HTX + DIRECT_HTX });

    // Page through with first: 20, making new transfers (through Coffer and around it, on both
    // exchanges) after every page. Those are newer than anything already listed, so they
    // belong before the cursor: a correct cursor never shows them on a later page.
    const seen: TransferNode[] = [];
    const arrivedLater = new Set<string>();
    let after: string | null = null;
    let pages = 0;
    const pagingStarted = performance.now();
    for (;;) {
      const result: GraphqlResponse<TransfersQuery> = await postGraphql(env.url, TransfersDocument, { first: 20, after }, MONEY_TOKEN);
      expect(result.errors).toBeUndefined();
      const connection = result.data!.transfers;
      pages++;
      expect(connection.edges.length).toBeLessThanOrEqual(20);
      seen.push(...connection.edges.map((e) => e.node));
      if (!connection.pageInfo.hasNextPage) break;
      expect(connection.edges).toHaveLength(20);
      after = connection.pageInfo.endCursor ?? null;
      expect(after).toBe(connection.edges[19]!.cursor);
      // Alternating: through Coffer on Binance, or around it on HTX (a different client each time).
      if (pages % 2 === 1) arrivedLater.add((await viaCoffer(BINANCE_ID, BINANCE_ROUTES[pages % BINANCE_ROUTES.length]!)).id);
      else arrivedLater.add(`exchange:${await viaDirect("htx", HTX_ROUTES[pages % 2]!, pages % DIRECT_HTX_CLIENTS)}`);
      arrivedLater.add(`exchange:${await viaDirect("htx", HTX_ROUTES[(pages + 1) % 2]!, (pages + 3) % DIRECT_HTX_CLIENTS)}`);
    }
    const pagingMs = performance.now() - pagingStarted;

    // Exactly the transfers that existed when paging began: the baseline and the 250.
    expect(pages).toBe(Math.ceil((baseline.length + TOTAL) / 20));
    expect(seen).toHaveLength(baseline.length + TOTAL);
    const ids = seen.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Newest first.
    for (let i = 1; i < seen.length; i++) expect(Date.parse(seen[i - 1]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(seen[i]!.createdAt));

    // Each journaled transfer is one JOURNAL node carrying the exchange's id; its exchange
    // record does not show a second time. Each direct one is one EXCHANGE node.
    const byExchangeId = new Map<string, TransferNode[]>();
    for (const n of seen) {
      if (n.exchangeTransferId === null) continue;
      const k = `${n.connectionId}/${n.exchangeTransferId}`;
      byExchangeId.set(k, [...(byExchangeId.get(k) ?? []), n]);
    }
    const connectionOf = (exchangeId: string, journalId: string) => seen.find((n) => n.id === journalId)?.connectionId ?? "?";
    for (const [journalId, exchangeId] of journaled) {
      const nodes = byExchangeId.get(`${connectionOf(exchangeId, journalId)}/${exchangeId}`) ?? [];
      expect(nodes.map((n) => [n.id, n.source, n.status])).toEqual([[journalId, "JOURNAL", "CONFIRMED"]]);
    }
    for (const [exchange, connectionId] of [
      ["binance", BINANCE_ID],
      ["htx", HTX_ID],
    ] as const) {
      for (const exchangeId of outside[exchange]) {
        const nodes = byExchangeId.get(`${connectionId}/${exchangeId}`) ?? [];
        expect(nodes.map((n) => [n.source, n.idempotencyKey])).toEqual([["EXCHANGE", null]]);
      }
    }
    const counts = { JOURNAL: 0, EXCHANGE: 0 };
    for (const n of seen) counts[n.source]++;
    const baselineCounts = { JOURNAL: baseline.filter((n) => n.source === "JOURNAL").length, EXCHANGE: baseline.filter((n) => n.source === "EXCHANGE").length };
    expect(counts).toEqual({
      JOURNAL: baselineCounts.JOURNAL + THROUGH_COFFER_BINANCE + THROUGH_COFFER_HTX,
      EXCHANGE: baselineCounts.EXCHANGE + DIRECT_BINANCE + DIRECT_HTX,
    });
    // None of the transfers made while paging showed up on a later page.
    expect(seen.filter((n) => arrivedLater.has(n.id) || arrivedLater.has(`exchange:${n.exchangeTransferId}`))).toEqual([]);

    // A fresh walk sees them all: the newcomers first, then the same order as before.
    const fresh = await allTransfers(env.url);
    expect(fresh).toHaveLength(seen.length + arrivedLater.size);
    expect(fresh.slice(arrivedLater.size).map((n) => n.id)).toEqual(ids);
    if (process.env.MONEY_DEBUG) console.log({ madeMs: Math.round(madeMs), pagingMs: Math.round(pagingMs), pages });
  }, 110_000);
});
