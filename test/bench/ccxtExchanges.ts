import ccxt from "ccxt";
import { AccountType } from "../../src/domain/enums.js";

/** One `fetchBalance` the peer makes: which exchange, its params, and the wallet it reads when Coffer's simulators can say its exact amounts. */
export type CcxtFetch = { exchange: "binance" | "htx"; label: string; params: Record<string, unknown>; wallet: { type: AccountType; symbol?: string } | null };

export const CCXT_FETCHES: CcxtFetch[] = [
  { exchange: "binance", label: "spot", params: { type: "spot" }, wallet: { type: AccountType.SPOT } },
  { exchange: "binance", label: "funding", params: { type: "funding" }, wallet: { type: AccountType.FUNDING } },
  { exchange: "binance", label: "margin (cross)", params: { type: "margin" }, wallet: { type: AccountType.MARGIN_CROSS } },
  { exchange: "binance", label: "margin (isolated)", params: { type: "margin", marginMode: "isolated" }, wallet: null },
  { exchange: "binance", label: "future (USDⓈ-M)", params: { type: "future" }, wallet: null },
  { exchange: "binance", label: "delivery (COIN-M)", params: { type: "delivery" }, wallet: null },
  { exchange: "binance", label: "papi (portfolio margin)", params: { type: "papi" }, wallet: null },
  { exchange: "htx", label: "spot", params: { type: "spot" }, wallet: null },
  { exchange: "htx", label: "swap (USDT-M linear)", params: { type: "swap", subType: "linear" }, wallet: null },
];

/**
 * CCXT's Binance and HTX clients pointed at the simulators (urls as the simulators report
 * them: Binance spot, usdm, coinm, options, portfolioMargin; HTX spot, swap), with the
 * simulators' demo keys and CCXT's own rate limiting off (the simulators answer at a fixed
 * latency). Fresh instances: nothing loaded yet.
 */
export function makeCcxtExchanges(
  binanceUrls: { readonly spot: string; readonly usdm: string; readonly coinm: string; readonly options: string; readonly portfolioMargin: string },
  htxUrls: { readonly spot: string; readonly swap: string },
) {
  const b = binanceUrls;
  const bx = new ccxt.binance({
    apiKey: "sandbox-binance-key",
    secret: "sandbox-binance-secret",
    enableRateLimit: false,
    urls: {
      api: {
        public: `${b.spot}/api/v3`,
        private: `${b.spot}/api/v3`,
        v1: `${b.spot}/api/v1`,
        sapi: `${b.spot}/sapi/v1`,
        sapiV2: `${b.spot}/sapi/v2`,
        sapiV3: `${b.spot}/sapi/v3`,
        sapiV4: `${b.spot}/sapi/v4`,
        fapiPublic: `${b.usdm}/fapi/v1`,
        fapiPublicV2: `${b.usdm}/fapi/v2`,
        fapiPublicV3: `${b.usdm}/fapi/v3`,
        fapiPrivate: `${b.usdm}/fapi/v1`,
        fapiPrivateV2: `${b.usdm}/fapi/v2`,
        fapiPrivateV3: `${b.usdm}/fapi/v3`,
        fapiData: `${b.usdm}/futures/data`,
        dapiPublic: `${b.coinm}/dapi/v1`,
        dapiPrivate: `${b.coinm}/dapi/v1`,
        dapiPrivateV2: `${b.coinm}/dapi/v2`,
        dapiData: `${b.coinm}/futures/data`,
        eapiPublic: `${b.options}/eapi/v1`,
        eapiPrivate: `${b.options}/eapi/v1`,
        papi: `${b.portfolioMargin}/papi/v1`,
        papiV2: `${b.portfolioMargin}/papi/v2`,
      },
    },
  });
  const spotHost = new URL(htxUrls.spot).host;
  const swapHost = new URL(htxUrls.swap).host;
  const hx = new ccxt.htx({
    apiKey: "sandbox-htx-access",
    secret: "sandbox-htx-secret",
    enableRateLimit: false,
    hostname: spotHost,
    urls: {
      // HTX signs the host name: it must be the simulator's host:port.
      hostnames: { spot: spotHost, contract: swapHost },
      api: {
        status: "http://{hostname}",
        contract: "http://{hostname}",
        spot: "http://{hostname}",
        public: "http://{hostname}",
        private: "http://{hostname}",
        v2Public: "http://{hostname}",
        v2Private: "http://{hostname}",
      },
    },
  });
  return { binance: bx, htx: hx };
}
