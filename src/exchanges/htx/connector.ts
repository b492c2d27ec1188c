import type { AccountKey } from "../../domain/accountKey.js";
import type { Balance } from "../../domain/balance.js";
import { formatDecimal } from "../../domain/decimal.js";
import { AccountType, Exchange, TransferStatus } from "../../domain/enums.js";
import type { MarginDetails } from "../../domain/margin.js";
import type { PriceTable } from "../../domain/price.js";
import type { TransferReceipt, TransferRequest, TransferRoute } from "../../domain/transfer.js";
import type { HtxConnectionConfig } from "./config.js";
import type { ExchangeConnector, ListAccountsOptions, TransferHistoryQuery, TransferSendOptions } from "../exchange.js";
import { DEFAULT_ASSET_LIST_TTL_MS, type ConnectorDeps } from "../kit/connectorDeps.js";
import type { HttpClient } from "../kit/httpClient.js";
import { createAccountKeys } from "../kit/accountKeys.js";
import { connectorBase } from "../kit/connectorBase.js";
import { createWireGuard } from "../kit/wireGuard.js";
import type { RateWindow } from "../kit/rateLimiter.js";
import { wireIdText } from "../kit/wireValues.js";
import { createHtxClient } from "./client.js";
import { DEFAULT_SAFETY_MARGIN_MS, HTX_DEFAULT_LIMITS, type HtxBudget } from "./endpoints.js";
import { HTX_LEDGER_WINDOW_MS, openHtxHistory } from "./history.js";
import { htxListedCurrencies } from "./mapping.js";
import { htxPriceTable } from "./prices.js";
import { createHtxReads } from "./reads.js";
import { HTX_TRANSFER_ROUTES, transferBodyOf, validateHtxTransfer } from "./routes.js";
import { htxStreamFamilies } from "./stream.js";

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

/** Local slack of a one-call window on top of HTX's interval; its answers set the real pace. */
const PACED_WINDOW_SLACK_MS = 10;
/** The wallet types HTX has (spot and USDT-margined contracts). */
export const HTX_ACCOUNT_TYPES: readonly AccountType[] = [AccountType.SPOT, AccountType.USDM_FUTURES];

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
  const reads = createHtxReads({ connectionId, client, cache: deps.cache, readWire, logger });
  const openHistory = (query: TransferHistoryQuery) =>
    openHtxHistory({ connectionId, client, reads, readWire, logger, windowMs: historyWindowMs, pageSize: historyPageSize }, query);

  const accountKeys = createAccountKeys({ connectionId, exchange: Exchange.HTX, name: "HTX", supportedTypes: HTX_ACCOUNT_TYPES, accountTypes });
  const keyOf = (type: AccountType, symbol: string | null): AccountKey => accountKeys.key(type, symbol);

  return {
    ...connectorBase({ connectionId, exchange: Exchange.HTX, label: config.label, accountTypes, openHistory }),

    async listAccounts(listOptions: ListAccountsOptions): Promise<AccountKey[]> {
      const wanted = listOptions.types.filter((type) => accountTypes.includes(type));
      const found: AccountKey[] = [];
      if (wanted.includes(AccountType.SPOT) && (await reads.spotAccountId()) !== null) found.push(keyOf(AccountType.SPOT, null));
      if (wanted.includes(AccountType.USDM_FUTURES)) {
        for (const account of await reads.contractAccounts()) found.push(keyOf(AccountType.USDM_FUTURES, account.symbol));
      }
      return found;
    },

    loadBalances(list: readonly AccountKey[]): Promise<Array<readonly Balance[] | Error>> {
      return accountKeys.settle(list, async (key) => (key.type === AccountType.SPOT ? reads.spotBalances() : (await reads.contractAccount(key)).balances));
    },

    loadMargins(list: readonly AccountKey[]): Promise<Array<MarginDetails | null | Error>> {
      return accountKeys.settle(list, async (key) => (key.type === AccountType.SPOT ? null : (await reads.contractAccount(key)).margin));
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
      logger.info({ asset: request.asset, amount: formatDecimal(request.amount), from: request.from, to: request.to, exchangeTransferId }, "htx transfer accepted");
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
      await Promise.all([
        reads.spotAccountId().catch(() => undefined),
        // The contract mode, so even the first read of the contract accounts needs no probe step.
        accountTypes.includes(AccountType.USDM_FUTURES) ? reads.learnContractMode().catch(() => undefined) : undefined,
      ]);
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
