import type { Decimal } from "decimal.js";
import type { ExchangeConnector, TransferHistoryQuery, TransferSendOptions } from "../../src/exchanges/exchange.js";
import { createHistoryWalk, windowedSource, type PageFetcher } from "../../src/exchanges/kit/historyWalk.js";
import { AccountType, Exchange, SymbolRequirement, TransferStatus } from "../../src/domain/enums.js";
import { BadUserInputError, InsufficientBalanceError, UnsupportedRouteError, UpstreamRejectedError, UpstreamUnavailableError } from "../../src/domain/errors.js";
import type { ExchangeTransfer, TransferReceipt, TransferRequest, TransferRoute } from "../../src/domain/transfer.js";

/**
 * What the double does with the next `transfer` call:
 * - confirm: moves it, answers CONFIRMED · pending: moves it, answers PENDING
 * - reject / insufficient: refuses (UPSTREAM_REJECTED / INSUFFICIENT_BALANCE), nothing moves
 * - timeout-applied: moves it, then "times out" (UpstreamUnavailable, outcomeUnknown)
 * - timeout-lost: nothing moves, then "times out" (outcomeUnknown)
 * - unreachable: nothing moves, never left (outcomeUnknown false)
 */
export type TransferBehavior = "confirm" | "pending" | "reject" | "insufficient" | "timeout-applied" | "timeout-lost" | "unreachable";

export interface RecordingConnectorOptions {
  connectionId?: string;
  exchange?: Exchange;
  now?: () => number;
  /** Assets the double knows; others are refused by validateTransfer. */
  assets?: readonly string[];
  /** Most decimals an amount may have. */
  precision?: number;
  /** Decides each call; default: confirm. */
  behavior?: (request: TransferRequest, call: number) => TransferBehavior;
  /** Awaited inside `transfer` before answering (hold calls open to test concurrency). */
  hold?: () => Promise<void>;
  /** Awaited inside `transfer` before `beforeSend`, as a rate-limit queue would hold a request that has not left. */
  queue?: () => Promise<void>;
  /** The history reports no symbols (as the HTX ledger may). */
  historyWithoutSymbols?: boolean;
  /** Rows per history page (default 50), newest first, like an exchange's paged history. */
  historyPageSize?: number;
}

const ROUTES: readonly TransferRoute[] = [
  { from: { type: AccountType.SPOT, symbol: null }, to: { type: AccountType.FUNDING, symbol: null } },
  { from: { type: AccountType.FUNDING, symbol: null }, to: { type: AccountType.SPOT, symbol: null } },
  { from: { type: AccountType.SPOT, symbol: null }, to: { type: AccountType.MARGIN_CROSS, symbol: null } },
  { from: { type: AccountType.MARGIN_CROSS, symbol: null }, to: { type: AccountType.SPOT, symbol: null } },
  { from: { type: AccountType.SPOT, symbol: null }, to: { type: AccountType.MARGIN_ISOLATED, symbol: null }, toNeedsSymbol: true, toSymbol: SymbolRequirement.REQUIRED },
  { from: { type: AccountType.MARGIN_ISOLATED, symbol: null }, to: { type: AccountType.SPOT, symbol: null }, fromNeedsSymbol: true, fromSymbol: SymbolRequirement.REQUIRED },
  { from: { type: AccountType.SPOT, symbol: null }, to: { type: AccountType.USDM_FUTURES, symbol: null } },
].map((r) => ({ fromNeedsSymbol: false, toNeedsSymbol: false, fromSymbol: SymbolRequirement.NONE, toSymbol: SymbolRequirement.NONE, needsSubAccountEmail: false, ...r }));

/**
 * An in-test ExchangeConnector double for the transfer service: it validates like a connector,
 * records every `transfer` call (the "POSTs"), keeps the transfers it made as its history, and
 * fails on demand. Not a simulator: no HTTP, no signatures, no balances.
 */
export interface RecordingConnector extends ExchangeConnector {
  /** Every request `transfer` received, in order: one entry = one POST to the exchange. */
  readonly calls: TransferRequest[];
  /** The exchange's own history (what it moved, plus seeded records). */
  readonly ledger: ExchangeTransfer[];
  /** History pages read (one per "upstream call"). */
  historyCalls: number;
  /** Every window `transferHistory` was asked for, in order. */
  readonly historyQueries: TransferHistoryQuery[];
  /** Make `transferHistory` throw this (or stop throwing with null). */
  historyError: Error | null;
  behavior: (request: TransferRequest, call: number) => TransferBehavior;
  /** Add a record made outside Coffer. */
  seed(record: { asset: string; amount: Decimal; createdAt: number; from?: AccountType; to?: AccountType; id?: string }): ExchangeTransfer;
}

export function createRecordingConnector(options: RecordingConnectorOptions = {}): RecordingConnector {
  const connectionId = options.connectionId ?? "test-conn";
  const exchange = options.exchange ?? Exchange.BINANCE;
  const now = options.now ?? Date.now;
  const assets = new Set(options.assets ?? ["USDT", "BTC", "ETH", "BNB"]);
  const precision = options.precision ?? 8;
  let nextId = 1000;
  const pageSize = options.historyPageSize ?? 50;

  /** One page of the ledger in [start, end], newest first; `offset` rows of it skipped. */
  const ledgerPages =
    (query: TransferHistoryQuery): PageFetcher<number> =>
    async (start, end, offset) => {
      query.budget?.take();
      self.historyCalls++;
      if (self.historyError) throw self.historyError;
      const rows = self.ledger
        .filter((r) => r.createdAt.getTime() >= start && r.createdAt.getTime() <= end)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .slice(offset ?? 0, (offset ?? 0) + pageSize);
      return { rows: rows.map((r) => ({ time: r.createdAt.getTime(), transfer: r })), next: rows.length < pageSize ? null : (offset ?? 0) + pageSize };
    };

  function record(request: TransferRequest, createdAt: number, status = TransferStatus.CONFIRMED): ExchangeTransfer {
    const r: ExchangeTransfer = {
      connectionId,
      exchange,
      exchangeTransferId: String(nextId++),
      asset: request.asset,
      amount: request.amount,
      from: { type: request.from.type, symbol: options.historyWithoutSymbols ? null : request.from.symbol },
      to: { type: request.to.type, symbol: options.historyWithoutSymbols ? null : request.to.symbol },
      subAccountEmail: request.subAccountEmail,
      status,
      createdAt: new Date(createdAt),
    };
    self.ledger.push(r);
    return r;
  }

  const self: RecordingConnector = {
    connectionId,
    exchange,
    label: "recording double",
    accountTypes: [AccountType.SPOT, AccountType.FUNDING, AccountType.MARGIN_CROSS, AccountType.MARGIN_ISOLATED, AccountType.USDM_FUTURES],
    calls: [],
    ledger: [],
    historyCalls: 0,
    historyQueries: [],
    historyError: null,
    behavior: options.behavior ?? (() => "confirm"),
    async listAccounts() {
      return [];
    },
    async loadBalances(keys) {
      return keys.map(() => []);
    },
    async loadMargins(keys) {
      return keys.map(() => null);
    },
    transferRoutes: () => ROUTES,
    validateTransfer(request) {
      const route = ROUTES.find((r) => r.from.type === request.from.type && r.to.type === request.to.type);
      if (!route) throw new UnsupportedRouteError(`${request.from.type} → ${request.to.type} is not a route of ${connectionId}.`);
      if (route.fromNeedsSymbol && !request.from.symbol) throw new BadUserInputError("from.symbol is required for this route.");
      if (route.toNeedsSymbol && !request.to.symbol) throw new BadUserInputError("to.symbol is required for this route.");
      if (!assets.has(request.asset)) throw new BadUserInputError(`Unknown asset ${request.asset}.`);
      if (request.amount.decimalPlaces() > precision) throw new BadUserInputError(`At most ${precision} decimals.`);
    },
    async transfer(request, sendOptions: TransferSendOptions = {}): Promise<TransferReceipt> {
      if (options.queue) await options.queue();
      // As a real connector: the hook runs right before the request would leave; a throw sends nothing.
      if (sendOptions.beforeSend) await sendOptions.beforeSend();
      self.calls.push(request);
      const behavior = self.behavior(request, self.calls.length);
      if (options.hold) await options.hold();
      switch (behavior) {
        case "confirm":
          return { exchangeTransferId: record(request, now()).exchangeTransferId, status: TransferStatus.CONFIRMED };
        case "pending":
          return { exchangeTransferId: record(request, now(), TransferStatus.PENDING).exchangeTransferId, status: TransferStatus.PENDING };
        case "reject":
          throw new UpstreamRejectedError(connectionId, -3020, "Transfer out amount > max transfer out amount.");
        case "insufficient":
          throw new InsufficientBalanceError(connectionId, -5002, "Balance is insufficient.");
        case "timeout-applied":
          record(request, now());
          throw new UpstreamUnavailableError("The exchange did not answer in time.", connectionId, { outcomeUnknown: true });
        case "timeout-lost":
          throw new UpstreamUnavailableError("The exchange did not answer in time.", connectionId, { outcomeUnknown: true });
        case "unreachable":
          throw new UpstreamUnavailableError("Connection refused.", connectionId, { outcomeUnknown: false });
      }
    },
    openTransferHistory(query: TransferHistoryQuery) {
      const range = { since: query.since.getTime(), until: query.until.getTime() };
      return createHistoryWalk({ range, sources: [windowedSource(range, Infinity, ledgerPages(query))], where: connectionId, ...(query.signal ? { signal: query.signal } : {}) });
    },
    async transferHistory(query: TransferHistoryQuery) {
      self.historyQueries.push(query);
      const walk = self.openTransferHistory(query);
      await walk.more(Infinity);
      return [...walk.transfers];
    },
    seed(seed) {
      const r: ExchangeTransfer = {
        connectionId,
        exchange,
        exchangeTransferId: seed.id ?? String(nextId++),
        asset: seed.asset,
        amount: seed.amount,
        from: { type: seed.from ?? AccountType.SPOT, symbol: null },
        to: { type: seed.to ?? AccountType.FUNDING, symbol: null },
        subAccountEmail: null,
        status: TransferStatus.CONFIRMED,
        createdAt: new Date(seed.createdAt),
      };
      self.ledger.push(r);
      return r;
    },
    async close() {},
  };
  return self;
}
