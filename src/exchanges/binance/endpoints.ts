/**
 * Every Binance endpoint the connector calls, with its host, request weight and the rate
 * budget it draws from (as Binance documents them per endpoint and under "Limits"). One table, so the limiter, the client
 * and the logs agree on what a call costs.
 */

export type BinanceHost = "spot" | "usdm" | "coinm" | "options" | "portfolioMargin";

/**
 * Budget families: /api shares one IP budget; every /sapi endpoint has its own IP or UID
 * budget; the derivatives hosts have one budget each.
 */
export type BudgetFamily = "api" | "sapiIp" | "sapiUid" | "fapi" | "dapi" | "eapi" | "papi";

export interface BinanceEndpoint {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly host: BinanceHost;
  readonly weight: number;
  readonly family: BudgetFamily;
  /** Needs timestamp + signature (everything but the server time). */
  readonly signed: boolean;
  /** Moves money: never retried, never resynced-and-resent. */
  readonly mutates: boolean;
}

function endpoint(
  method: "GET" | "POST",
  path: string,
  host: BinanceHost,
  weight: number,
  family: BudgetFamily,
  flags: { signed?: boolean; mutates?: boolean } = {},
): BinanceEndpoint {
  return { method, path, host, weight, family, signed: flags.signed ?? true, mutates: flags.mutates ?? false };
}

export const ENDPOINTS = {
  serverTime: endpoint("GET", "/api/v3/time", "spot", 1, "api", { signed: false }),
  /** Public market data: the last price of every pair in one call (weight 4 without a symbol). */
  tickerPrice: endpoint("GET", "/api/v3/ticker/price", "spot", 4, "api", { signed: false }),
  spotAccount: endpoint("GET", "/api/v3/account", "spot", 20, "api"),
  fundingAssets: endpoint("POST", "/sapi/v1/asset/get-funding-asset", "spot", 1, "sapiIp"),
  crossMargin: endpoint("GET", "/sapi/v1/margin/account", "spot", 10, "sapiIp"),
  isolatedMargin: endpoint("GET", "/sapi/v1/margin/isolated/account", "spot", 10, "sapiIp"),
  usdmAccount: endpoint("GET", "/fapi/v3/account", "usdm", 5, "fapi"),
  usdmPositionRisk: endpoint("GET", "/fapi/v3/positionRisk", "usdm", 5, "fapi"),
  usdmSymbolConfig: endpoint("GET", "/fapi/v1/symbolConfig", "usdm", 5, "fapi"),
  coinmAccount: endpoint("GET", "/dapi/v1/account", "coinm", 5, "dapi"),
  coinmPositionRisk: endpoint("GET", "/dapi/v1/positionRisk", "coinm", 1, "dapi"),
  optionsAccount: endpoint("GET", "/eapi/v1/marginAccount", "options", 3, "eapi"),
  portfolioBalance: endpoint("GET", "/papi/v1/balance", "portfolioMargin", 20, "papi"),
  portfolioAccount: endpoint("GET", "/papi/v1/account", "portfolioMargin", 20, "papi"),
  subAccountList: endpoint("GET", "/sapi/v1/sub-account/list", "spot", 1, "sapiIp"),
  subAccountAssets: endpoint("GET", "/sapi/v4/sub-account/assets", "spot", 60, "sapiUid"),
  subAccountMargin: endpoint("GET", "/sapi/v1/sub-account/margin/account", "spot", 10, "sapiIp"),
  universalTransfer: endpoint("POST", "/sapi/v1/asset/transfer", "spot", 900, "sapiUid", { mutates: true }),
  subAccountMarginTransfer: endpoint("POST", "/sapi/v1/sub-account/margin/transfer", "spot", 1, "sapiIp", {
    mutates: true,
  }),
  /** Every coin Binance supports (hundreds; no filter): the asset list a transfer is checked against. */
  coinList: endpoint("GET", "/sapi/v1/capital/config/getall", "spot", 10, "sapiIp"),
  universalHistory: endpoint("GET", "/sapi/v1/asset/transfer", "spot", 1, "sapiIp"),
  marginHistory: endpoint("GET", "/sapi/v1/margin/transfer", "spot", 1, "sapiIp"),
  /** Account streams: the cross margin listen token (signed) and the futures listenKeys (API key only); POST on an active key extends it. */
  marginListenToken: endpoint("POST", "/sapi/v1/userListenToken", "spot", 1, "sapiUid"),
  usdmListenKey: endpoint("POST", "/fapi/v1/listenKey", "usdm", 1, "fapi", { signed: false }),
  coinmListenKey: endpoint("POST", "/dapi/v1/listenKey", "coinm", 1, "dapi", { signed: false }),
} as const satisfies Record<string, BinanceEndpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Budget per family, weight per window (defaults: Binance's documented limits per API family). */
export interface BinanceRateBudgets {
  readonly api: number;
  readonly sapiIp: number;
  readonly sapiUid: number;
  readonly fapi: number;
  readonly dapi: number;
  readonly eapi: number;
  readonly papi: number;
  /** Window length, ms (Binance counts per minute). */
  readonly intervalMs: number;
}

export const DEFAULT_RATE_BUDGETS: BinanceRateBudgets = {
  api: 6000,
  sapiIp: 12_000,
  sapiUid: 180_000,
  fapi: 2400,
  dapi: 2400,
  // Options and portfolio-margin budgets are not in the reference; these are the values
  // Binance's exchangeInfo documents for eapi (400/min) and papi (6000/min).
  eapi: 400,
  papi: 6000,
  intervalMs: 60_000,
};

/** The limiter a call draws from: shared per family, or per endpoint for /sapi. */
export function budgetKey(e: BinanceEndpoint): string {
  return e.family === "sapiIp" || e.family === "sapiUid" ? `${e.family} ${e.method} ${e.path}` : e.family;
}

/** The response header that reports the weight used in the call's budget. */
export function usedWeightHeader(e: BinanceEndpoint): string {
  if (e.family === "sapiIp") return "x-sapi-used-ip-weight-1m";
  if (e.family === "sapiUid") return "x-sapi-used-uid-weight-1m";
  return "x-mbx-used-weight-1m";
}
