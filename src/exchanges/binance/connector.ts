import type { BinanceConnectionConfig } from "./config.js";
import type { AccountKey } from "../../domain/accountKey.js";
import type { Balance } from "../../domain/balance.js";
import { asciiUpper } from "../../domain/asciiCase.js";
import { formatDecimal } from "../../domain/decimal.js";
import { ALL_ACCOUNT_TYPES, AccountType, Exchange, TransferStatus } from "../../domain/enums.js";
import { NotFoundError, UpstreamUnavailableError } from "../../domain/errors.js";
import type { MarginDetails } from "../../domain/margin.js";
import type { PriceTable } from "../../domain/price.js";
import type { TransferReceipt, TransferRequest, TransferRoute } from "../../domain/transfer.js";
import type { ExchangeConnector, ListAccountsOptions, TransferHistoryQuery, TransferHistoryWalk, TransferSendOptions } from "../exchange.js";
import { DEFAULT_ASSET_LIST_TTL_MS, type ConnectorDeps } from "../kit/connectorDeps.js";
import type { HttpClient } from "../kit/httpClient.js";
import { createAccountKeys } from "../kit/accountKeys.js";
import { DEFAULT_CLOCK_REFRESH_MS } from "../kit/serverClock.js";
import { connectorBase } from "../kit/connectorBase.js";
import { createWireGuard } from "../kit/wireGuard.js";
import { createBinanceClient, HTTP_SOCKETS, type BinanceClient } from "./client.js";
import { DEFAULT_RATE_BUDGETS, type BinanceRateBudgets } from "./endpoints.js";
import { openBinanceHistory } from "./history.js";
import * as map from "./mapping.js";
import { createMapOnce } from "../../cache/mapOnce.js";
import { binancePriceTable } from "./prices.js";
import { binanceStreamFamilies } from "./stream.js";
import { createBinanceReads, MAX_ISOLATED_SYMBOLS_PER_CALL, type BinanceReads } from "./reads.js";
import { binanceTransferRoutes, resolveBinanceRoute } from "./routes.js";
import type { WireIsolatedPair, WireSubAccountMargin } from "./wire.js";

/** Tuning a deployment or a benchmark may change; the defaults match Binance. */
export interface BinanceConnectorOptions {
  /** Rate budgets per family (weight per `intervalMs`); scale down for benchmarks against the simulator. */
  readonly budgets?: Partial<BinanceRateBudgets>;
  /** Slack added to every budget window (default 1000 ms; latency jitter must not squeeze calls of two windows into one). */
  readonly windowSlackMs?: number;
  /** recvWindow sent with signed calls (default 5000, at most 60000). */
  readonly recvWindowMs?: number;
  /** Longest a read queues for budget or waits out a Retry-After before failing RATE_LIMITED (default: the kit's, 5000 ms). */
  readonly readMaxWaitMs?: number;
  /** How often the clock offset is learned again (default 10 minutes). */
  readonly clockRefreshMs?: number;
  /** Most calls in flight at once per connection (default 32, the HTTP agent's sockets per host). */
  readonly maxInFlight?: number;
  /** HTTP client to use, left open by close() (default: a keep-alive client of its own, closed by close()). */
  readonly http?: HttpClient;
}

const SUB_ACCOUNT_TYPES: readonly AccountType[] = [AccountType.SPOT, AccountType.MARGIN_CROSS];

/**
 * The Binance ExchangeConnector: every wallet type, sub-accounts, universal and sub-account
 * margin transfers, and the merged transfer history, over one signed client per connection.
 */
export function createBinanceConnector(config: BinanceConnectionConfig, deps: ConnectorDeps, options: BinanceConnectorOptions = {}): ExchangeConnector {
  const connectionId = config.id;
  const now = deps.now ?? Date.now;
  const recvWindowMs = options.recvWindowMs ?? 5000;
  if (recvWindowMs <= 0 || recvWindowMs > 60_000) throw new RangeError("recvWindowMs must be in (0, 60000]");
  const logger = deps.logger.child({ connectionId, exchange: Exchange.BINANCE });
  const client: BinanceClient = createBinanceClient({
    config,
    ...(options.http ? { http: options.http } : {}),
    logger,
    now,
    budgets: { ...DEFAULT_RATE_BUDGETS, ...options.budgets },
    windowSlackMs: options.windowSlackMs ?? 1000,
    recvWindowMs,
    ...(options.readMaxWaitMs !== undefined ? { readMaxWaitMs: options.readMaxWaitMs } : {}),
    clockRefreshMs: options.clockRefreshMs ?? DEFAULT_CLOCK_REFRESH_MS,
    maxInFlight: options.maxInFlight ?? HTTP_SOCKETS,
    upstream: deps.upstream,
    limiters: deps.limiters,
  });
  const reads: BinanceReads = createBinanceReads(connectionId, client, deps.cache, now);
  const accountTypes: readonly AccountType[] = config.accountTypes ?? ALL_ACCOUNT_TYPES;
  const priceTables = new WeakMap<object, PriceTable>();
  const assetSets = new WeakMap<object, ReadonlySet<string>>();
  const assetListTtlMs = deps.assetListTtlMs ?? DEFAULT_ASSET_LIST_TTL_MS;

  const accountKeys = createAccountKeys({
    connectionId,
    exchange: Exchange.BINANCE,
    name: "Binance",
    supportedTypes: ALL_ACCOUNT_TYPES,
    accountTypes,
    shapeProblem(k) {
      if (k.subAccountEmail && !SUB_ACCOUNT_TYPES.includes(k.type)) return `Binance sub-accounts are read as SPOT and MARGIN_CROSS only, not ${k.type}.`;
      if ((k.type === AccountType.MARGIN_ISOLATED) !== (k.symbol !== null && k.symbol !== undefined)) {
        return `A Binance ${k.type} account ${k.type === AccountType.MARGIN_ISOLATED ? "needs" : "has no"} symbol.`;
      }
      return null;
    },
  });
  const key = accountKeys.key;

  /** Each cached answer is mapped to domain objects once, shared by every request that reads it. */
  const once = createMapOnce();

  /** Runs a mapper; a wire shape it cannot read is the exchange's fault (UPSTREAM_UNAVAILABLE), a bug of ours is not hidden. */
  const mapped = createWireGuard({ exchange: "Binance", connectionId, logger });

  /**
   * What the last reads found, so the next read can start the calls that depend on it together
   * with the call that decides them instead of one network round trip later (the answer still
   * decides: a stale guess costs a wasted read, never a wrong answer):
   * the sub-accounts' emails (null until the list was read once), and whether each futures
   * account held an open position (unknown counts as yes: the first read of a process then
   * pays at most one position-risk read it did not need, never the extra step).
   */
  let knownSubEmails: readonly string[] | null = null;
  const positionsLikely = { usdm: true, coinm: true };
  const subAccountList = () =>
    reads.subAccounts().then((subs) => {
      knownSubEmails = subs.map((sub) => sub.email);
      return subs;
    });

  /**
   * Awaits an account read while reads started on a guess run beside it (their failure stays
   * quiet until someone uses them). A failed account read clears the guess: a key that cannot
   * read the account would otherwise pay for the guessed reads on every try.
   */
  async function withGuess<W, R>(account: Promise<W>, ahead: Promise<R> | null, dropGuess: () => void): Promise<[W, Promise<R> | null]> {
    ahead?.catch(() => undefined);
    try {
      return [await account, ahead];
    } catch (error) {
      dropGuess();
      throw error;
    }
  }

  /**
   * The isolated pairs of a batch: from the discovery answer when listing the accounts just
   * read every pair (no further call), otherwise fetched 5 symbols a call.
   */
  function isolatedPairs(keys: readonly AccountKey[]): Map<string, Promise<WireIsolatedPair>> {
    const symbols = [...new Set(keys.filter((k) => k.type === AccountType.MARGIN_ISOLATED && k.symbol).map((k) => k.symbol!))].sort();
    const pairs = new Map<string, Promise<WireIsolatedPair>>();
    const discovery = symbols.length > 0 ? reads.warmIsolatedDiscovery() : undefined;
    const chunkSize = discovery ? symbols.length : MAX_ISOLATED_SYMBOLS_PER_CALL;
    for (let i = 0; i < symbols.length; i += chunkSize) {
      const chunk = symbols.slice(i, i + chunkSize);
      const answer = discovery ?? reads.isolatedMargin(chunk);
      for (const symbol of chunk) {
        pairs.set(
          symbol,
          answer.then((wire) => {
            const pair = mapped("GET /sapi/v1/margin/isolated/account", () => wire.assets.find((p) => p.symbol === symbol));
            if (!pair) throw new NotFoundError(`Connection ${connectionId} has no isolated margin account ${symbol}.`);
            return pair;
          }),
        );
      }
    }
    // Keys whose chunk failed are answered by their own promise; avoid unhandled rejections meanwhile.
    for (const p of pairs.values()) p.catch(() => undefined);
    return pairs;
  }

  async function balancesOf(k: AccountKey, pairs: Map<string, Promise<WireIsolatedPair>>): Promise<Balance[]> {
    if (k.subAccountEmail) {
      if (k.type === AccountType.SPOT) {
        const wire = await reads.subAccountAssets(k.subAccountEmail);
        return once("mapSubAccountAssets", wire, () => mapped("GET /sapi/v4/sub-account/assets", () => map.mapSubAccountAssets(wire)));
      }
      const wire = await reads.subAccountMargin(k.subAccountEmail);
      return once("mapSubAccountMarginBalances", wire, () => mapped("GET /sapi/v1/sub-account/margin/account", () => map.mapSubAccountMarginBalances(wire)));
    }
    switch (k.type) {
      case AccountType.SPOT: {
        const wire = await reads.spotAccount();
        return once("mapSpotAccount", wire, () => mapped("GET /api/v3/account", () => map.mapSpotAccount(wire)));
      }
      case AccountType.FUNDING: {
        const wire = await reads.fundingAssets();
        return once("mapFundingAssets", wire, () => mapped("POST /sapi/v1/asset/get-funding-asset", () => map.mapFundingAssets(wire)));
      }
      case AccountType.MARGIN_CROSS: {
        const wire = await reads.crossMargin();
        return once("mapCrossMarginBalances", wire, () => mapped("GET /sapi/v1/margin/account", () => map.mapCrossMarginBalances(wire)));
      }
      case AccountType.MARGIN_ISOLATED: {
        const pair = await pairs.get(k.symbol!)!;
        return once("mapIsolatedPairBalances", pair, () => mapped("GET /sapi/v1/margin/isolated/account", () => map.mapIsolatedPairBalances(pair)));
      }
      case AccountType.USDM_FUTURES: {
        const wire = await reads.usdmAccount();
        return once("mapFuturesAssets", wire, () => mapped("GET /fapi/v3/account", () => map.mapFuturesAssets(wire.assets)));
      }
      case AccountType.COINM_FUTURES: {
        const wire = await reads.coinmAccount();
        return once("mapFuturesAssets", wire, () => mapped("GET /dapi/v1/account", () => map.mapFuturesAssets(wire.assets)));
      }
      case AccountType.OPTIONS: {
        const wire = await reads.optionsAccount();
        return once("mapOptionsBalances", wire, () => mapped("GET /eapi/v1/marginAccount", () => map.mapOptionsBalances(wire)));
      }
      case AccountType.PORTFOLIO_MARGIN: {
        const wire = await reads.portfolioBalance();
        return once("mapPortfolioMarginBalances", wire, () => mapped("GET /papi/v1/balance", () => map.mapPortfolioMarginBalances(wire)));
      }
      default:
        throw new NotFoundError(`Binance has no ${String(k.type)} account.`);
    }
  }

  async function marginOf(k: AccountKey, pairs: Map<string, Promise<WireIsolatedPair>>): Promise<MarginDetails | null> {
    if (k.subAccountEmail) {
      if (k.type === AccountType.SPOT) return null;
      const wire: WireSubAccountMargin = await reads.subAccountMargin(k.subAccountEmail);
      return once("mapSubAccountMarginDetails", wire, () => mapped("GET /sapi/v1/sub-account/margin/account", () => map.mapSubAccountMarginDetails(wire)));
    }
    switch (k.type) {
      case AccountType.SPOT:
      case AccountType.FUNDING:
        return null;
      case AccountType.MARGIN_CROSS: {
        const wire = await reads.crossMargin();
        return once("mapCrossMarginDetails", wire, () => mapped("GET /sapi/v1/margin/account", () => map.mapCrossMarginDetails(wire)));
      }
      case AccountType.MARGIN_ISOLATED: {
        const pair = await pairs.get(k.symbol!)!;
        return once("mapIsolatedPairDetails", pair, () => mapped("GET /sapi/v1/margin/isolated/account", () => map.mapIsolatedPairDetails(pair)));
      }
      case AccountType.USDM_FUTURES: {
        // Position risk and leverage only when the account shows an open position (the account
        // answer says so; a flat account needs neither call). When the last read found one they
        // leave with the account read, not after its answer.
        const readRisk = () => Promise.all([reads.usdmPositionRisk(), reads.usdmSymbolConfig()]);
        const [wire, riskAhead] = await withGuess(reads.usdmAccount(), positionsLikely.usdm ? readRisk() : null, () => (positionsLikely.usdm = false));
        if (!once("hasOpenPositions", wire, () => mapped("GET /fapi/v3/account", () => map.hasOpenPositions(wire)))) {
          positionsLikely.usdm = false;
          return once("mapUsdmDetails", wire, () => mapped("GET /fapi/v3/account", () => map.mapUsdmDetails(wire)));
        }
        positionsLikely.usdm = true;
        const [risk, config] = await (riskAhead ?? readRisk());
        return once("mapUsdmDetails", wire, () => mapped("GET /fapi/v3/positionRisk", () => map.mapUsdmDetails(wire, risk, config)), [risk, config]);
      }
      case AccountType.COINM_FUTURES: {
        const [wire, riskAhead] = await withGuess(reads.coinmAccount(), positionsLikely.coinm ? reads.coinmPositionRisk() : null, () => (positionsLikely.coinm = false));
        if (!once("hasOpenPositions", wire, () => mapped("GET /dapi/v1/account", () => map.hasOpenPositions(wire)))) {
          positionsLikely.coinm = false;
          return once("mapCoinmDetails", wire, () => mapped("GET /dapi/v1/account", () => map.mapCoinmDetails(wire)));
        }
        positionsLikely.coinm = true;
        const risk = await (riskAhead ?? reads.coinmPositionRisk());
        return once("mapCoinmDetails", wire, () => mapped("GET /dapi/v1/positionRisk", () => map.mapCoinmDetails(wire, risk)), [risk]);
      }
      case AccountType.OPTIONS: {
        const wire = await reads.optionsAccount();
        return once("mapOptionsDetails", wire, () => mapped("GET /eapi/v1/marginAccount", () => map.mapOptionsDetails(wire)));
      }
      case AccountType.PORTFOLIO_MARGIN: {
        const wire = await reads.portfolioAccount();
        return once("mapPortfolioMarginDetails", wire, () => mapped("GET /papi/v1/account", () => map.mapPortfolioMarginDetails(wire)));
      }
      default:
        throw new NotFoundError(`Binance has no ${String(k.type)} account.`);
    }
  }

  return {
    ...connectorBase({ connectionId, exchange: Exchange.BINANCE, label: config.label, accountTypes, openHistory }),

    async listAccounts(listOptions: ListAccountsOptions): Promise<AccountKey[]> {
      const types = listOptions.types.filter((t) => accountTypes.includes(t));
      const found: AccountKey[] = [];
      const isolated = types.includes(AccountType.MARGIN_ISOLATED) ? reads.isolatedMargin(null) : null;
      const subs = listOptions.includeSubAccounts && types.some((t) => SUB_ACCOUNT_TYPES.includes(t)) ? subAccountList() : null;
      for (const type of ALL_ACCOUNT_TYPES) {
        if (!types.includes(type)) continue;
        if (type === AccountType.MARGIN_ISOLATED) {
          const wire = await isolated!;
          const symbols = mapped("GET /sapi/v1/margin/isolated/account", () => wire.assets.map((p) => p.symbol));
          for (const symbol of [...symbols].sort()) found.push(key(type, symbol));
        } else {
          found.push(key(type));
        }
      }
      if (subs) {
        const list = await subs;
        for (const sub of list) {
          for (const type of SUB_ACCOUNT_TYPES) if (types.includes(type)) found.push(key(type, null, sub.email));
        }
      }
      return found;
    },

    knownAccounts(listOptions: ListAccountsOptions): readonly AccountKey[] {
      if (!listOptions.includeSubAccounts || !knownSubEmails) return [];
      const types = SUB_ACCOUNT_TYPES.filter((t) => listOptions.types.includes(t) && accountTypes.includes(t));
      return knownSubEmails.flatMap((email) => types.map((type) => key(type, null, email)));
    },

    loadBalances(list: readonly AccountKey[]): Promise<Array<readonly Balance[] | Error>> {
      const pairs = isolatedPairs(list.filter(isReadableIsolated));
      return accountKeys.settle(list, (k) => balancesOf(k, pairs));
    },

    loadMargins(list: readonly AccountKey[]): Promise<Array<MarginDetails | null | Error>> {
      const pairs = isolatedPairs(list.filter(isReadableIsolated));
      return accountKeys.settle(list, (k) => marginOf(k, pairs));
    },

    transferRoutes(): readonly TransferRoute[] {
      return binanceTransferRoutes();
    },

    validateTransfer(request: TransferRequest): void {
      resolveBinanceRoute(connectionId, request);
    },

    async transfer(request: TransferRequest, sendOptions: TransferSendOptions = {}): Promise<TransferReceipt> {
      const route = resolveBinanceRoute(connectionId, request);
      const callOptions = sendOptions.beforeSend ? { beforeSend: sendOptions.beforeSend } : {};
      const amount = formatDecimal(request.amount);
      const asset = asciiUpper(request.asset);
      const where = route.via.kind === "universal" ? "POST /sapi/v1/asset/transfer" : "POST /sapi/v1/sub-account/margin/transfer";
      logger.info({ route: route.via.kind === "universal" ? route.via.type : `SUB_MARGIN_${route.via.type}`, asset, amount }, "binance transfer sending");
      try {
        let id: unknown;
        if (route.via.kind === "universal") {
          const params: Array<[string, string]> = [
            ["type", route.via.type],
            ["asset", asset],
            ["amount", amount],
          ];
          if (route.fromNeedsSymbol) params.push(["fromSymbol", request.from.symbol!]);
          if (route.toNeedsSymbol) params.push(["toSymbol", request.to.symbol!]);
          id = (await client.call<{ tranId?: unknown }>("universalTransfer", params, callOptions)).tranId;
        } else {
          const params: Array<[string, string]> = [
            ["email", request.subAccountEmail!],
            ["asset", asset],
            ["amount", amount],
            ["type", String(route.via.type)],
          ];
          id = (await client.call<{ txnId?: unknown }>("subAccountMarginTransfer", params, callOptions)).txnId;
        }
        deps.cache.invalidate(connectionId);
        const exchangeTransferId = mapped(
          where,
          () => {
            if ((typeof id !== "number" && typeof id !== "string") || String(id) === "") throw new TypeError("no transfer id");
            return String(id);
          },
          { mutates: true },
        );
        logger.info({ exchangeTransferId }, "binance transfer confirmed");
        return { exchangeTransferId, status: TransferStatus.CONFIRMED };
      } catch (error) {
        if (error instanceof UpstreamUnavailableError && error.outcomeUnknown) deps.cache.invalidate(connectionId);
        throw error;
      }
    },

    accountStreams: () => (config.streams === false ? [] : binanceStreamFamilies(config, { now, client })),

    async loadPrices(): Promise<PriceTable> {
      const snapshot = await reads.tickerPrices();
      // One table per snapshot: concurrent requests sharing the answer share its index too.
      let table = priceTables.get(snapshot);
      if (!table) {
        table = mapped("GET /api/v3/ticker/price", () => binancePriceTable(connectionId, snapshot.tickers, new Date(snapshot.receivedAt)));
        priceTables.set(snapshot, table);
      }
      return table;
    },

    async prepare(): Promise<void> {
      await client.clock.serverNow().catch(() => undefined);
      // The sub-account list, so even the first listing reads the sub-accounts' wallets
      // together with the list (a key that is no master key just learns nothing here).
      if (SUB_ACCOUNT_TYPES.some((t) => accountTypes.includes(t))) await subAccountList().catch(() => undefined);
    },

    async listedAssets(): Promise<ReadonlySet<string>> {
      const coins = await reads.coinList(assetListTtlMs);
      // One set per cached answer: every transfer in the TTL shares it.
      let set = assetSets.get(coins);
      if (!set) {
        set = mapped("GET /sapi/v1/capital/config/getall", () => map.mapCoinList(coins));
        assetSets.set(coins, set);
      }
      return set;
    },

    async close(): Promise<void> {
      client.close();
    },
  };

  function openHistory(query: TransferHistoryQuery): TransferHistoryWalk {
    return openBinanceHistory({ connectionId, reads, accountTypes, serverNow: () => client.clock.estimate() }, query);
  }

  function isReadableIsolated(k: AccountKey): boolean {
    return k.connectionId === connectionId && k.type === AccountType.MARGIN_ISOLATED && !!k.symbol && !k.subAccountEmail && accountTypes.includes(AccountType.MARGIN_ISOLATED);
  }
}
