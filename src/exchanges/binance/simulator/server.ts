import type { BinanceUrls } from "../config.js";
import { formatDecimal, parseDecimal } from "../../../domain/decimal.js";
import { skewedClock, type Faults } from "../../kit/simulator/faults.js";
import { withHeaders } from "../../kit/simulator/simAnswer.js";
import { noFaults, startSimServers, wsUrl, type SimCall, type SimRequest, type SimResponse, type SimServer } from "../../kit/simulator/simServer.js";
import * as answers from "./answers.js";
import { verifySignedRequest } from "./auth.js";
import { simErrors } from "./errors.js";
import { tickerPriceAnswer } from "./tickers.js";
import { SimLedger, walletId, type SimWalletRef } from "./ledger.js";
import { AccountType } from "../../../domain/enums.js";
import { attachSimStreams, type SimStreamRules, type SimStreams } from "../../kit/simulator/simStreams.js";
import { BINANCE_WS_API_RULES, binanceWsApiRoute } from "./stream.js";
import { BINANCE_FUTURES_WS_RULES, binanceFuturesStreams, LISTEN_KEY_TTL_MS } from "./futuresStream.js";
import { emptyBinanceState, type BinanceSimState } from "./state.js";
import { SimTransferDesk } from "./transfers.js";
import { DEFAULT_SIM_LIMITS, SimWeights, isSapiFamily, type BinanceSimLimits, type SimFamily } from "./limits.js";

/**
 * An in-process Binance: one HTTP listener per host (spot = /api + /sapi, usdm = /fapi,
 * coinm = /dapi, options = /eapi, portfolioMargin = /papi), Binance's signature, timestamp,
 * weight and error rules, and a ledger that transfers move exactly. The sandbox and the
 * integration tests talk to it over real HTTP.
 */
export interface BinanceSimulator {
  readonly urls: BinanceUrls;
  /** Shared by every listener. */
  readonly faults: Faults;
  /** Every call received, in order, on every listener. */
  readonly calls: SimCall[];
  readonly limits: BinanceSimLimits;
  /** Exact free + locked of an asset in a wallet, plain notation ("0" when absent). */
  balance(wallet: SimWalletRef, asset: string): string;
  /** Exact free amount. */
  freeBalance(wallet: SimWalletRef, asset: string): string;
  /** Sum of an asset over all wallets (transfers never change it). */
  totalOf(asset: string): string;
  /** `balance`, for the connector contract (throws for a wallet the ledger does not have). */
  balanceOf(wallet: SimWalletRef, asset: string): string;
  /** Every asset a wallet has a row for. */
  assetsOf(wallet: SimWalletRef): readonly string[];
  /** Margin, isolated margin, futures, options and portfolio-margin wallets report margin details. */
  hasMarginDetails(wallet: SimWalletRef): boolean;
  /** Calls received for a path (optionally one method). */
  callsTo(path: string, method?: string): SimCall[];
  /** 429 / 418 answers sent. */
  readonly refusals: ReadonlyArray<{ at: number; status: 429 | 418; bucket: string }>;
  /** Answer the next weighted call with 429 and this Retry-After (seconds). */
  forceRateLimit(retryAfterSeconds: number): void;
  /** Test hook: credit (positive) or debit (negative) a wallet's free balance, as a deposit would; pushed on the streams. */
  adjustBalance(wallet: SimWalletRef, asset: string, delta: string): void;
  /** The account streams: connections opened per route, the drop-every-socket fault. */
  readonly streams: SimStreams;
  /** `userDataStream.subscribe.signature` subscriptions accepted (spot). */
  readonly streamSubscriptions: { readonly spot: number; readonly margin: number };
  /** Move every recorded transfer's time by deltaMs (negative: into the past). */
  shiftHistory(deltaMs: number): void;
  close(): Promise<void>;
}

export interface BinanceSimulatorOptions {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly state?: BinanceSimState;
  readonly limits?: Partial<BinanceSimLimits>;
  readonly host?: string;
  /** Fault switches to share (e.g. with a sandbox control); a fresh set by default. */
  readonly faults?: Faults;
  /** Keep-alive rules of the WebSocket API (default Binance's: ping 20 s, 60 s silence, 24 h). */
  readonly wsApiRules?: SimStreamRules;
  /** Keep-alive rules of the futures user-data streams (default Binance's: ping 3 min, 10 min silence). */
  readonly futuresRules?: SimStreamRules;
  /** Life of a futures listenKey (default 60 min). */
  readonly listenKeyTtlMs?: number;
}

/** The wallet types whose endpoints carry risk figures (margin level, margin balance, positions). */
const MARGIN_DETAIL_TYPES: ReadonlySet<AccountType> = new Set([
  AccountType.MARGIN_CROSS,
  AccountType.MARGIN_ISOLATED,
  AccountType.USDM_FUTURES,
  AccountType.COINM_FUTURES,
  AccountType.OPTIONS,
  AccountType.PORTFOLIO_MARGIN,
]);

/** The REST listeners (one per Binance host); the streams ride on spot, usdm and coinm. */
type ListenerName = "spot" | "usdm" | "coinm" | "options" | "portfolioMargin";

const LISTENER_PREFIXES: Record<ListenerName, readonly string[]> = {
  spot: ["/api/", "/sapi/"],
  usdm: ["/fapi/"],
  coinm: ["/dapi/"],
  options: ["/eapi/"],
  portfolioMargin: ["/papi/"],
};

interface Context {
  readonly params: URLSearchParams;
  readonly now: number;
  /** The X-MBX-APIKEY header (USER_STREAM endpoints check only the key). */
  readonly apiKey: string | undefined;
}

interface SimEndpoint {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly family: SimFamily;
  /** Request weight; some endpoints weigh by their parameters. */
  readonly weight: number | ((params: URLSearchParams) => number);
  readonly signed: boolean;
  readonly handle: (ctx: Context) => SimResponse;
}

export async function startBinanceSimulator(options: BinanceSimulatorOptions): Promise<BinanceSimulator> {
  const state = options.state ?? emptyBinanceState();
  const ledger = new SimLedger(state);
  const faults = options.faults ?? noFaults();
  const simNow = skewedClock(faults);
  const wsApi = binanceWsApiRoute({
    credentials: { apiKey: options.apiKey, apiSecret: options.apiSecret },
    ledger,
    rules: options.wsApiRules ?? BINANCE_WS_API_RULES,
    now: () => simNow(),
  });
  const futures = binanceFuturesStreams({
    ledger,
    rules: options.futuresRules ?? BINANCE_FUTURES_WS_RULES,
    listenKeyTtlMs: options.listenKeyTtlMs ?? LISTEN_KEY_TTL_MS,
    now: () => simNow(),
  });
  const desk = new SimTransferDesk(ledger);
  const limits: BinanceSimLimits = { ...DEFAULT_SIM_LIMITS, ...options.limits };
  const weights = new SimWeights(limits);
  const calls: SimCall[] = [];
  const credentials = { apiKey: options.apiKey, apiSecret: options.apiSecret };
  const ok = (body: unknown): SimResponse => ({ status: 200, body });
  const subAccount = (email: string | null) => state.subAccounts.find((s) => s.email === email);

  const endpoints: SimEndpoint[] = [
    { method: "GET", path: "/api/v3/time", family: "api", weight: 1, signed: false, handle: ({ now }) => ok({ serverTime: now }) },
    { method: "GET", path: "/fapi/v1/time", family: "fapi", weight: 1, signed: false, handle: ({ now }) => ok({ serverTime: now }) },
    { method: "GET", path: "/dapi/v1/time", family: "dapi", weight: 1, signed: false, handle: ({ now }) => ok({ serverTime: now }) },
    { method: "GET", path: "/eapi/v1/time", family: "eapi", weight: 1, signed: false, handle: ({ now }) => ok({ serverTime: now }) },
    {
      method: "GET",
      path: "/api/v3/ticker/price",
      family: "api",
      signed: false,
      weight: (params) => (params.has("symbol") ? 2 : 4),
      handle: ({ params }) => tickerPriceAnswer(state.tickers ?? [], params),
    },
    {
      method: "GET",
      path: "/api/v3/account",
      family: "api",
      weight: 20,
      signed: true,
      handle: ({ params }) => ok(answers.spotAccountBody(ledger, params.get("omitZeroBalances") === "true", 354937868)),
    },
    {
      method: "POST",
      path: "/sapi/v1/asset/get-funding-asset",
      family: "sapiIp",
      weight: 1,
      signed: true,
      handle: ({ params }) => ok(answers.fundingBody(ledger, params.get("asset"))),
    },
    { method: "GET", path: "/sapi/v1/margin/account", family: "sapiIp", weight: 10, signed: true, handle: () => ok(answers.crossMarginBody(ledger, state)) },
    {
      method: "GET",
      path: "/sapi/v1/margin/isolated/account",
      family: "sapiIp",
      weight: 10,
      signed: true,
      handle: ({ params }) => {
        const symbols = params.get("symbols");
        const list = symbols ? symbols.split(",").filter(Boolean) : null;
        if (list && list.length > 5) return simErrors.mandatory("symbols");
        return ok(answers.isolatedBody(ledger, state, list));
      },
    },
    { method: "GET", path: "/fapi/v3/account", family: "fapi", weight: 5, signed: true, handle: () => ok(answers.usdmBody(ledger, state)) },
    {
      method: "GET",
      path: "/fapi/v3/positionRisk",
      family: "fapi",
      weight: 5,
      signed: true,
      handle: ({ params }) => ok(answers.usdmPositionRiskBody(state, params.get("symbol"))),
    },
    {
      method: "GET",
      path: "/fapi/v1/symbolConfig",
      family: "fapi",
      weight: 5,
      signed: true,
      handle: ({ params }) => ok(answers.usdmSymbolConfigBody(state, params.get("symbol"))),
    },
    { method: "GET", path: "/dapi/v1/account", family: "dapi", weight: 5, signed: true, handle: () => ok(answers.coinmBody(ledger, state)) },
    { method: "GET", path: "/dapi/v1/positionRisk", family: "dapi", weight: 1, signed: true, handle: () => ok(answers.coinmPositionRiskBody(state)) },
    { method: "GET", path: "/eapi/v1/marginAccount", family: "eapi", weight: 3, signed: true, handle: () => ok(answers.optionsBody(ledger, state)) },
    {
      method: "GET",
      path: "/papi/v1/balance",
      family: "papi",
      weight: 20,
      signed: true,
      handle: ({ params }) => ok(answers.portfolioBalanceBody(ledger, params.get("asset"))),
    },
    { method: "GET", path: "/papi/v1/account", family: "papi", weight: 20, signed: true, handle: () => ok(answers.portfolioAccountBody(state)) },
    {
      method: "GET",
      path: "/sapi/v1/sub-account/list",
      family: "sapiIp",
      weight: 1,
      signed: true,
      handle: ({ params }) => {
        const page = Number(params.get("page") ?? "1");
        const limit = Number(params.get("limit") ?? "1");
        if (!Number.isInteger(page) || page < 1) return simErrors.mandatory("page");
        if (!Number.isInteger(limit) || limit < 1 || limit > 200) return simErrors.mandatory("limit");
        const email = params.get("email");
        const rows = state.subAccounts.filter((s) => !email || s.email === email);
        return ok({
          subAccounts: rows.slice((page - 1) * limit, page * limit).map((s, i) => ({
            subUserId: s.subUserId ?? 100000 + i,
            email: s.email,
            remark: "",
            isFreeze: s.isFreeze ?? false,
            createTime: s.createTime ?? 1544433328000,
            isManagedSubAccount: false,
            isAssetManagementSubAccount: false,
          })),
        });
      },
    },
    {
      method: "GET",
      path: "/sapi/v4/sub-account/assets",
      family: "sapiUid",
      weight: 60,
      signed: true,
      handle: ({ params }) => {
        const sub = subAccount(params.get("email"));
        if (!params.get("email")) return simErrors.mandatory("email");
        if (!sub) return simErrors.noRelation();
        return ok(answers.subAccountAssetsBody(ledger, sub.email));
      },
    },
    {
      method: "GET",
      path: "/sapi/v1/sub-account/margin/account",
      family: "sapiIp",
      weight: 10,
      signed: true,
      handle: ({ params }) => {
        if (!params.get("email")) return simErrors.mandatory("email");
        const sub = subAccount(params.get("email"));
        if (!sub) return simErrors.noRelation();
        if (!sub.margin) return simErrors.noMarginAccount();
        return ok(answers.subAccountMarginBody(ledger, sub.email, sub.marginRisk));
      },
    },
    {
      method: "POST",
      path: "/sapi/v1/asset/transfer",
      family: "sapiUid",
      weight: 900,
      signed: true,
      handle: ({ params, now }) => desk.universalTransfer(params, now),
    },
    {
      method: "POST",
      path: "/sapi/v1/sub-account/margin/transfer",
      family: "sapiIp",
      weight: 1,
      signed: true,
      handle: ({ params, now }) => desk.subAccountMarginTransfer(params, now),
    },
    {
      method: "GET",
      path: "/sapi/v1/capital/config/getall",
      family: "sapiIp",
      weight: 10,
      signed: true,
      handle: () =>
        faults.assetListDown
          ? { status: 500, body: { code: -1001, msg: "Internal error; unable to process your request. Please try again." } }
          : ok(answers.coinListBody(ledger, state)),
    },
    { method: "GET", path: "/sapi/v1/asset/transfer", family: "sapiIp", weight: 1, signed: true, handle: ({ params, now }) => desk.universalHistory(params, now) },
    { method: "GET", path: "/sapi/v1/margin/transfer", family: "sapiIp", weight: 1, signed: true, handle: ({ params, now }) => desk.marginHistory(params, now) },
    {
      method: "POST",
      path: "/sapi/v1/userListenToken",
      family: "sapiUid",
      weight: 1,
      signed: true,
      handle: ({ params }) => ok(wsApi.issueListenToken(Number(params.get("validity") ?? 24 * 3600_000))),
    },
    {
      method: "POST",
      path: "/fapi/v1/listenKey",
      family: "fapi",
      weight: 1,
      signed: false,
      handle: ({ apiKey }) => (apiKey === credentials.apiKey ? ok(futures.listenKey("usdm")) : simErrors.rejectedKey()),
    },
    {
      method: "POST",
      path: "/dapi/v1/listenKey",
      family: "dapi",
      weight: 1,
      signed: false,
      handle: ({ apiKey }) => (apiKey === credentials.apiKey ? ok(futures.listenKey("coinm")) : simErrors.rejectedKey()),
    },
  ];

  function handlerFor(listener: ListenerName) {
    return (request: SimRequest): SimResponse => {
      if (!LISTENER_PREFIXES[listener].some((prefix) => request.path.startsWith(prefix))) return simErrors.notFound();
      const e = endpoints.find((x) => x.path === request.path && x.method === request.method);
      if (!e) return simErrors.notFound();
      // Body parameters first, then the query string, which wins on a clash (Binance's rule).
      const params = new URLSearchParams(request.method === "POST" ? request.body : "");
      for (const [name, value] of request.query) params.set(name, value);
      const bucket = isSapiFamily(e.family) ? `${e.family} ${e.method} ${e.path}` : e.family;
      const weight = typeof e.weight === "function" ? e.weight(params) : e.weight;
      const { refusal, header } = weights.charge(e.family, bucket, weight, request.now);
      if (refusal) return refusal;
      const apiKey = typeof request.headers["x-mbx-apikey"] === "string" ? request.headers["x-mbx-apikey"] : undefined;
      const answer = (e.signed ? verifySignedRequest(request, params, credentials) : null) ?? e.handle({ params, now: request.now, apiKey });
      return withHeaders(answer, header);
    };
  }

  const names = Object.keys(LISTENER_PREFIXES) as ListenerName[];
  const listeners = await startSimServers(names, handlerFor, { faults, calls, host: options.host });
  const servers = Object.values<SimServer>(listeners);
  const rest = Object.fromEntries(names.map((name) => [name, listeners[name].url])) as Record<ListenerName, string>;
  const streams = attachSimStreams([listeners.spot.server, listeners.usdm.server, listeners.coinm.server], [wsApi, futures.routes.usdm, futures.routes.coinm]);
  const urls: BinanceUrls = { ...rest, wsApi: `${wsUrl(rest.spot)}/ws-api/v3`, usdmWs: wsUrl(rest.usdm), coinmWs: wsUrl(rest.coinm) };
  const existing = (wallet: SimWalletRef): SimWalletRef => {
    if (!ledger.has(wallet)) throw new Error(`The simulator has no wallet ${walletId(wallet)}`);
    return wallet;
  };

  return {
    urls,
    faults,
    calls,
    limits,
    balance(wallet, asset) {
      const row = ledger.row(wallet, asset);
      return row ? formatDecimal(row.free.plus(row.locked)) : "0";
    },
    freeBalance(wallet, asset) {
      const row = ledger.row(wallet, asset);
      return row ? formatDecimal(row.free) : "0";
    },
    totalOf: (asset) => formatDecimal(ledger.totalOf(asset)),
    balanceOf(wallet, asset) {
      const row = ledger.row(existing(wallet), asset);
      return row ? formatDecimal(row.free.plus(row.locked)) : "0";
    },
    assetsOf: (wallet) => ledger.rows(existing(wallet)).map(([asset]) => asset),
    hasMarginDetails: (wallet) => MARGIN_DETAIL_TYPES.has(wallet.type),
    callsTo: (path, method) => calls.filter((c) => c.path === path && (!method || c.method === method)),
    refusals: weights.refusals,
    forceRateLimit: (seconds) => weights.forceRateLimit(seconds),
    shiftHistory: (deltaMs) => desk.shift(deltaMs),
    streams,
    streamSubscriptions: {
      get spot() {
        return wsApi.subscriptionsOpened;
      },
      get margin() {
        return wsApi.marginSubscriptions;
      },
    },
    adjustBalance(wallet, asset, delta) {
      const result = ledger.adjust(wallet, asset, parseDecimal(delta));
      if (!result.ok) throw new Error(`adjustBalance: ${result.reason}`);
    },
    close: async () => {
      await streams.close();
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}

export type { BinanceSimState } from "./state.js";
export type { BinanceSimLimits } from "./limits.js";
export type { SimWalletRef } from "./ledger.js";
