import type { AccountKey } from "../../domain/accountKey.js";
import { createMapOnce } from "../../cache/mapOnce.js";
import type { Balance } from "../../domain/balance.js";
import { formatDecimal } from "../../domain/decimal.js";
import { AccountType, Exchange, TransferStatus } from "../../domain/enums.js";
import { NotFoundError, UpstreamRejectedError } from "../../domain/errors.js";
import type { MarginDetails } from "../../domain/margin.js";
import type { PriceTable } from "../../domain/price.js";
import type { ExchangeTransfer, TransferReceipt, TransferRequest, TransferRoute } from "../../domain/transfer.js";
import type { HtxConnectionConfig } from "./config.js";
import type { ExchangeConnector, ListAccountsOptions, TransferHistoryQuery, TransferHistoryWalk, TransferSendOptions } from "../exchange.js";
import { DEFAULT_ASSET_LIST_TTL_MS, type ConnectorDeps } from "../kit/connectorDeps.js";
import { createHistoryWalk, windowedSource, type HistoryRange, type PageFetcher } from "../kit/historyWalk.js";
import { RequestAbortedError, type HttpClient } from "../kit/httpClient.js";
import { createAccountKeys } from "../kit/accountKeys.js";
import { connectorBase } from "../kit/connectorBase.js";
import { createWireGuard } from "../kit/wireGuard.js";
import type { RateWindow } from "../kit/rateLimiter.js";
import { createHtxClient, type HtxCall } from "./client.js";
import { crossAccountOf, isolatedAccountsOf, unifiedAccountsOf, type HtxContractAccount } from "./contractMapping.js";
import { contractSideOf, FINANCIAL_TRANSFER_TYPES, ledgerTransferOf, withContractSides, withCrossContractSide, type ContractSide } from "./historyMapping.js";
import { assetModeOf, MULTI_ASSETS_MODE, v5AccountsOf } from "./v5Mapping.js";
import { DEFAULT_SAFETY_MARGIN_MS, HTX_DEFAULT_LIMITS, type HtxBudget } from "./endpoints.js";
import { htxStreamFamilies } from "./stream.js";
import { htxPriceTable } from "./prices.js";
import { htxListedCurrencies } from "./assetListMapping.js";
import { spotAccountIdOf, spotBalancesOf } from "./mapping.js";
import { HTX_TRANSFER_ROUTES, transferBodyOf, validateHtxTransfer } from "./routes.js";
import type {
  HtxAccountWire,
  HtxCrossAccountWire,
  HtxIsolatedAccountWire,
  HtxFinancialRecordWire,
  HtxLedgerRowWire,
  HtxSpotBalanceWire,
  HtxUnifiedAccountTypeWire,
  HtxUnifiedAccountWire,
  HtxV5AssetModeWire,
  HtxV5BalanceWire,
  HtxV5PositionWire,
} from "./wire.js";
import { wireArray, wireIdText, wireObject } from "../kit/wireValues.js";

/** Tuning knobs (benchmarks, tests); the connection's config stays as the lead defined it. */
export interface HtxConnectorOptions {
  /** Override some budgets (e.g. scaled down in tests). */
  readonly limits?: Partial<Record<HtxBudget, RateWindow>>;
  /** Added to every budget window (default 150 ms) so network jitter never makes us look too fast. */
  readonly safetyMarginMs?: number;
  /** Longest a read queues for budget before RATE_LIMITED (default: the kit's, 5000 ms). */
  readonly readMaxWaitMs?: number;
  /**
   * Longest a transfer queues for the 1-a-second budget before RATE_LIMITED (default: as long
   * as needed — transfers asked together are meant to leave one a second, in order).
   */
  readonly transferMaxWaitMs?: number;
  /** Times a read is re-sent after HTX said "too many requests", after waiting (default 2). */
  readonly rateLimitRetries?: number;
  /** Learn HTX's clock before the first signed call (default true). */
  readonly syncClock?: boolean;
  /** Ledger window (default and HTX maximum: 10 days) and page size (default and maximum: 500). */
  readonly historyWindowMs?: number;
  readonly historyPageSize?: number;
  /** Inject an HTTP client (benchmarks); its maker closes it, close() leaves it open. */
  readonly http?: HttpClient;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * HTX keeps the ledger for 180 days and refuses a window that starts earlier, so history starts
 * there (a minute later, so clock skew never pushes the oldest window past the edge).
 */
export const HTX_LEDGER_RETENTION_MS = 180 * DAY_MS - 60_000;
/** HTX's largest ledger window: 10 days. */
export const HTX_LEDGER_WINDOW_MS = 10 * DAY_MS;
/** Ledger windows one read can walk: the retention in 10-day windows (18), never more. */
export const MAX_LEDGER_WINDOWS = Math.ceil(HTX_LEDGER_RETENTION_MS / HTX_LEDGER_WINDOW_MS);
/** HTX's largest financial-record window: 48 h. */
export const HTX_FINANCIAL_RECORD_WINDOW_MS = 48 * 60 * 60 * 1000;
/** HTX keeps the contract financial record 90 days (a minute less, for clock skew). */
export const HTX_FINANCIAL_RECORD_RETENTION_MS = 90 * DAY_MS - 60_000;
/** Slack around a ledger page's transfers when their contract sides are read (the two sides' clocks). */
const CONTRACT_SIDE_SLACK_MS = 5_000;

/** [since, until] clamped to what HTX keeps and to its now. */
export function htxHistoryRange(query: TransferHistoryQuery, exchangeNow: number): HistoryRange {
  return {
    since: Math.max(query.since.getTime(), exchangeNow - HTX_LEDGER_RETENTION_MS),
    until: Math.min(query.until.getTime(), exchangeNow),
  };
}
/** Local slack of a one-call window on top of HTX's interval; its answers set the real pace. */
const PACED_WINDOW_SLACK_MS = 10;
/** The wallet types HTX has (spot and USDT-margined contracts). */
export const HTX_ACCOUNT_TYPES: readonly AccountType[] = [AccountType.SPOT, AccountType.USDM_FUTURES];
const UNIFIED_ACCOUNT_TYPE = "2";

/**
 * The HTX connector: SPOT and the USDT-margined contract accounts (cross, isolated, the
 * unified account, or the Multi-Assets Collateral account), spot ↔ contract transfers and their
 * ledger history. Every read goes through the snapshot cache; every call is signed (Signature
 * v2) and rate-limited per HTX budget.
 */
export function createHtxConnector(config: HtxConnectionConfig, deps: ConnectorDeps, options: HtxConnectorOptions = {}): ExchangeConnector {
  const connectionId = config.id;
  const now = deps.now ?? Date.now;
  const logger = deps.logger.child({ connectionId, exchange: Exchange.HTX });
  const margin = options.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS;
  const limits = Object.fromEntries(
    (Object.keys(HTX_DEFAULT_LIMITS) as HtxBudget[]).map((budget) => {
      const window = options.limits?.[budget] ?? HTX_DEFAULT_LIMITS[budget];
      // A one-call window (transfers) is paced from HTX's answers (arrivalPacer); the local
      // window only keeps a small slack for a call whose answer carried no rate headers.
      return [budget, { limit: window.limit, intervalMs: window.intervalMs + (window.limit === 1 ? Math.min(margin, PACED_WINDOW_SLACK_MS) : margin) }];
    }),
  ) as Record<HtxBudget, RateWindow>;
  const client = createHtxClient({
    connectionId,
    accessKey: config.credentials.accessKey,
    secretKey: config.credentials.secretKey,
    urls: config.urls,
    timeoutMs: config.timeoutMs,
    logger,
    now,
    limits,
    ...(options.readMaxWaitMs !== undefined ? { readMaxWaitMs: options.readMaxWaitMs } : {}),
    ...(options.transferMaxWaitMs !== undefined ? { transferMaxWaitMs: options.transferMaxWaitMs } : {}),
    rateLimitRetries: options.rateLimitRetries ?? 2,
    syncClock: options.syncClock ?? true,
    resetMarginMs: Math.max(margin, 50),
    ...(options.http ? { http: options.http } : {}),
    upstream: deps.upstream,
    limiters: deps.limiters,
  });
  const accountTypes = (config.accountTypes ?? HTX_ACCOUNT_TYPES).filter((type) => HTX_ACCOUNT_TYPES.includes(type));
  const historyWindowMs = Math.min(options.historyWindowMs ?? HTX_LEDGER_WINDOW_MS, HTX_LEDGER_WINDOW_MS);
  const historyPageSize = Math.min(options.historyPageSize ?? 500, 500);

  /** Runs a wire → domain mapping; a shape Coffer cannot read is the exchange's failure, a bug of ours is not hidden. */
  const readWire = createWireGuard({ exchange: "HTX", connectionId, logger });

  /** Each cached answer is mapped to domain objects once, shared by every request that reads it. */
  const once = createMapOnce();

  /** One cached read: key = the call and its parameters. */
  function cachedData(call: HtxCall): Promise<unknown> {
    const key = `htx:${call.method} ${call.path}?${JSON.stringify(call.params ?? {})}${call.body ?? ""}`;
    return deps.cache.get(connectionId, key, async () => (await client.call(call)).data);
  }

  let spotIdPromise: Promise<string | null> | null = null;
  /** The spot account id never changes: asked once (GET /v1/account/accounts), then remembered. */
  function spotAccountId(): Promise<string | null> {
    spotIdPromise ??= cachedData({ host: "spot", method: "GET", path: "/v1/account/accounts", budget: "spotAccounts" })
      .then((data) => readWire("/v1/account/accounts", () => spotAccountIdOf(wireArray<HtxAccountWire>(data, "data"))))
      .catch((error: unknown) => {
        spotIdPromise = null;
        throw error;
      });
    return spotIdPromise;
  }

  async function requireSpotAccountId(): Promise<string> {
    const id = await spotAccountId();
    if (id === null) throw new NotFoundError(`HTX connection ${connectionId} has no spot account.`);
    return id;
  }

  async function spotBalances(): Promise<Balance[]> {
    const id = await requireSpotAccountId();
    const path = `/v1/account/accounts/${id}/balance`;
    const data = await cachedData({ host: "spot", method: "GET", path, budget: "spotBalance" });
    const map = () => readWire(path, () => spotBalancesOf(wireObject<HtxSpotBalanceWire>(data, "data")));
    return typeof data === "object" && data !== null ? once("spotBalances", data, map) : map();
  }

  /**
   * Every USDT-margined contract account, in whichever mode the account is: Multi-Assets
   * Collateral (V5: GET /v5/account/asset_mode says 1), unified (swap_unified_account_type says
   * 2), or cross + isolated. Both probes go out together, so detecting the mode costs no step.
   */
  /** Whether the last read of the contract accounts found Multi-Assets Collateral (V5) mode. */
  let multiAssetsMode = false;

  function contractAccounts(): Promise<HtxContractAccount[]> {
    return deps.cache.get(connectionId, "htx:contract-accounts", async () => {
      const modePath = "/v5/account/asset_mode";
      const typePath = "/linear-swap-api/v3/swap_unified_account_type";
      const modeData = cachedData({ host: "swap", method: "GET", path: modePath, budget: "contractRead" });
      const typeProbe = cachedData({ host: "swap", method: "GET", path: typePath, budget: "contractRead" });
      typeProbe.catch(() => undefined); // in V5 mode it is not needed and not awaited
      // A key or host HTX refuses the V5 probe for is read the older way, not failed.
      const mode = await modeData.catch((error: unknown) => {
        if (!(error instanceof UpstreamRejectedError)) throw error;
        logger.warn({ path: modePath, reason: error.message }, "htx asset mode probe refused; reading v1/v3 accounts");
        return null;
      });
      multiAssetsMode = mode !== null && readWire(modePath, () => assetModeOf(wireObject<HtxV5AssetModeWire>(mode, "data"))) === MULTI_ASSETS_MODE;
      if (multiAssetsMode) {
        const balancePath = "/v5/account/balance";
        const positionsPath = "/v5/trade/position/opens";
        const [balanceData, positionsData] = await Promise.all([
          cachedData({ host: "swap", method: "GET", path: balancePath, budget: "contractRead" }),
          cachedData({ host: "swap", method: "GET", path: positionsPath, budget: "contractRead" }),
        ]);
        const positions = readWire(positionsPath, () => wireArray<HtxV5PositionWire>(positionsData, "data"));
        return readWire(balancePath, () => v5AccountsOf(wireObject<HtxV5BalanceWire>(balanceData, "data"), positions));
      }
      const typeData = await typeProbe;
      const unified = readWire(typePath, () => wireIdText(wireObject<HtxUnifiedAccountTypeWire>(typeData, "data").account_type, "account_type")) === UNIFIED_ACCOUNT_TYPE;
      if (unified) {
        const path = "/linear-swap-api/v3/unified_account_info";
        const data = await cachedData({ host: "swap", method: "GET", path, budget: "contractRead" });
        return readWire(path, () => unifiedAccountsOf(wireArray<HtxUnifiedAccountWire>(data, "data")));
      }
      const crossPath = "/linear-swap-api/v1/swap_cross_account_info";
      const isolatedPath = "/linear-swap-api/v1/swap_account_info";
      const [crossData, isolatedData] = await Promise.all([
        cachedData({ host: "swap", method: "POST", path: crossPath, body: "{}", budget: "contractRead" }),
        cachedData({ host: "swap", method: "POST", path: isolatedPath, body: "{}", budget: "contractRead" }),
      ]);
      const cross = readWire(crossPath, () => crossAccountOf(wireArray<HtxCrossAccountWire>(crossData, "data")));
      const isolated = readWire(isolatedPath, () => isolatedAccountsOf(wireArray<HtxIsolatedAccountWire>(isolatedData, "data")));
      return cross ? [cross, ...isolated] : isolated;
    });
  }

  async function contractAccount(key: AccountKey): Promise<HtxContractAccount> {
    const symbol = key.symbol?.toUpperCase() ?? null;
    const found = (await contractAccounts()).find((account) => account.symbol === symbol);
    if (!found) throw new NotFoundError(`HTX connection ${connectionId} has no USDM_FUTURES account ${symbol ?? "(cross)"}.`);
    return found;
  }

  const keys = createAccountKeys({ connectionId, exchange: Exchange.HTX, name: "HTX", supportedTypes: HTX_ACCOUNT_TYPES, accountTypes });
  const keyOf = (type: AccountType, symbol: string | null): AccountKey => keys.key(type, symbol);

  /**
   * One ledger page, straight from HTX (not through the snapshot cache: a page belongs to one
   * request's AbortSignal and call budget).
   */
  async function ledgerPage(accountId: string, startTime: number, endTime: number, fromId: string | null, query: TransferHistoryQuery) {
    const params: Record<string, string> = {
      accountId,
      transactTypes: "transfer",
      startTime: String(startTime),
      endTime: String(endTime),
      limit: String(historyPageSize),
      ...(fromId !== null ? { fromId } : {}),
    };
    const path = "/v2/account/ledger";
    const body = await client.call({
      host: "spot",
      method: "GET",
      path,
      params,
      budget: "ledger",
      ...(query.signal ? { signal: query.signal } : {}),
      ...(query.budget ? { callBudget: query.budget } : {}),
    });
    return readWire(path, () => ({
      rows: wireArray<HtxLedgerRowWire>(body.data, "data"),
      nextId: body.nextId === undefined || body.nextId === null ? null : wireIdText(body.nextId, "nextId"),
    }));
  }

  /** One financial-record read of one margin account ("USDT" = cross, else a contract code) over ≤ 48 h. */
  async function financialRecords(marginAccount: string, start: number, end: number, query: TransferHistoryQuery): Promise<ContractSide[]> {
    const path = "/linear-swap-api/v3/swap_financial_record";
    const body = await client.call({
      host: "swap",
      method: "POST",
      path,
      body: JSON.stringify({ mar_acct: marginAccount, type: FINANCIAL_TRANSFER_TYPES, start_time: start, end_time: end, direct: "next" }),
      budget: "contractRead",
      ...(query.signal ? { signal: query.signal } : {}),
      ...(query.budget ? { callBudget: query.budget } : {}),
    });
    return readWire(path, () => wireArray<HtxFinancialRecordWire>(body.data, "data").map(contractSideOf));
  }

  /**
   * Names the contract side (cross or which isolated account) of a ledger page's transfers.
   * With one USDT-M wallet (V5 mode, or no isolated account) that costs no call; otherwise the
   * contract's financial record of each margin account is read over the page's transfers' span
   * only (48 h windows), under the request's signal and call budget. Best effort: if it cannot
   * be read the transfers keep a null symbol (matched on type only); an abort still aborts.
   */
  async function namedContractSides(transfers: ExchangeTransfer[], query: TransferHistoryQuery): Promise<ExchangeTransfer[]> {
    if (transfers.length === 0) return transfers;
    try {
      const accounts = await contractAccounts();
      const isolated = accounts.filter((a) => a.symbol !== null).map((a) => a.symbol!);
      if (multiAssetsMode || isolated.length === 0) return withCrossContractSide(transfers);
      const times = transfers.map((t) => t.createdAt.getTime());
      const since = Math.min(...times) - CONTRACT_SIDE_SLACK_MS;
      const until = Math.max(...times) + CONTRACT_SIDE_SLACK_MS;
      // HTX keeps the financial record 90 days (the ledger 180): older transfers stay unnamed, no call.
      if (since < client.clock.estimate() - HTX_FINANCIAL_RECORD_RETENTION_MS) return transfers;
      const sides: ContractSide[] = [];
      for (let end = until; end >= since; end -= HTX_FINANCIAL_RECORD_WINDOW_MS) {
        const start = Math.max(since, end - HTX_FINANCIAL_RECORD_WINDOW_MS + 1);
        const reads = await Promise.all(["USDT", ...isolated].map((account) => financialRecords(account, start, end, query)));
        sides.push(...reads.flat());
      }
      return withContractSides(transfers, sides);
    } catch (error) {
      if (error instanceof RequestAbortedError || query.signal?.aborted) throw error;
      logger.warn({ reason: error instanceof Error ? error.message : String(error) }, "htx contract financial record unreadable; contract sides left unnamed");
      return transfers;
    }
  }

  /** The ledger newest window first; the spot account id is learned on the first page. */
  function openHistory(query: TransferHistoryQuery): TransferHistoryWalk {
    const range = htxHistoryRange(query, client.clock.estimate());
    /** nextIds already followed, per window: a repeated one ends the window instead of looping. */
    const followed = new Set<string>();
    const fetch: PageFetcher<string> = async (start, end, fromId) => {
      const accountId = await requireSpotAccountId();
      const page = await ledgerPage(accountId, start, end, fromId, query);
      const rows = page.rows.map((row) =>
        readWire("/v2/account/ledger", () => ({ time: Number(wireIdText(row.transactTime, "transactTime")), transfer: ledgerTransferOf(connectionId, row) })),
      );
      const next = page.nextId === null || followed.has(`${start}:${page.nextId}`) ? null : page.nextId;
      if (next !== null) followed.add(`${start}:${next}`);
      const named = await namedContractSides(rows.flatMap((r) => (r.transfer ? [r.transfer] : [])), query);
      let i = 0;
      return { rows: rows.map((r) => (r.transfer ? { time: r.time, transfer: named[i++]! } : r)), next };
    };
    return createHistoryWalk({
      range,
      sources: [windowedSource(range, historyWindowMs, fetch)],
      ...(query.signal ? { signal: query.signal } : {}),
      where: `${connectionId} history`,
    });
  }

  return {
    ...connectorBase({ connectionId, exchange: Exchange.HTX, label: config.label, accountTypes, openHistory }),

    async listAccounts(listOptions: ListAccountsOptions): Promise<AccountKey[]> {
      const wanted = listOptions.types.filter((type) => accountTypes.includes(type));
      const found: AccountKey[] = [];
      if (wanted.includes(AccountType.SPOT) && (await spotAccountId()) !== null) found.push(keyOf(AccountType.SPOT, null));
      if (wanted.includes(AccountType.USDM_FUTURES)) {
        for (const account of await contractAccounts()) found.push(keyOf(AccountType.USDM_FUTURES, account.symbol));
      }
      return found;
    },

    loadBalances(list: readonly AccountKey[]): Promise<Array<readonly Balance[] | Error>> {
      return keys.settle(list, async (key) => (key.type === AccountType.SPOT ? spotBalances() : (await contractAccount(key)).balances));
    },

    loadMargins(list: readonly AccountKey[]): Promise<Array<MarginDetails | null | Error>> {
      return keys.settle(list, async (key) => (key.type === AccountType.SPOT ? null : (await contractAccount(key)).margin));
    },

    transferRoutes(): readonly TransferRoute[] {
      return HTX_TRANSFER_ROUTES;
    },

    validateTransfer(request: TransferRequest): void {
      validateHtxTransfer(request);
    },

    async transfer(request: TransferRequest, sendOptions: TransferSendOptions = {}): Promise<TransferReceipt> {
      validateHtxTransfer(request);
      const path = "/v2/account/transfer";
      let body: Record<string, unknown>;
      try {
        body = await client.call({
          host: "spot",
          method: "POST",
          path,
          body: transferBodyOf(request),
          budget: "transfer",
          mutating: true,
          ...(sendOptions.beforeSend ? { beforeSend: sendOptions.beforeSend } : {}),
        });
      } finally {
        deps.cache.invalidate(connectionId);
      }
      // HTX said yes but gave no readable order id: the money may have moved (outcome unknown).
      const exchangeTransferId = readWire(`POST ${path}`, () => wireIdText(body.data, "data"), { mutates: true });
      logger.info(
        { asset: request.asset, amount: formatDecimal(request.amount), from: request.from, to: request.to, exchangeTransferId },
        "htx transfer accepted",
      );
      return { exchangeTransferId, status: TransferStatus.CONFIRMED };
    },

    accountStreams: () => (config.streams === false ? [] : htxStreamFamilies(config, { now: deps.now })),

    loadPrices(): Promise<PriceTable> {
      const path = "/market/tickers";
      // The table itself is the snapshot: built once per answer, shared by every request.
      return deps.cache.get(connectionId, `htx:GET ${path}`, async () => {
        const body = await client.call({ host: "spot", method: "GET", path, budget: "marketTickers", public: true });
        return readWire(path, () => htxPriceTable(connectionId, body, new Date(now())));
      });
    },

    async prepare(): Promise<void> {
      await client.clock.serverNow().catch(() => undefined);
      await spotAccountId().catch(() => undefined);
    },

    listedAssets(): Promise<ReadonlySet<string>> {
      const path = "/v2/reference/currencies";
      // Public, hundreds of entries, changes rarely: read once per TTL, kept across transfers.
      return deps.cache.get(
        connectionId,
        `htx:GET ${path}`,
        async () => {
          const body = await client.call({ host: "spot", method: "GET", path, budget: "reference", public: true });
          return readWire(path, () => htxListedCurrencies(body));
        },
        { ttlMs: deps.assetListTtlMs ?? DEFAULT_ASSET_LIST_TTL_MS, keepOnInvalidate: true },
      );
    },

    async close(): Promise<void> {
      client.close();
    },
  };
}
