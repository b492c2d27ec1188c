import type { SnapshotCache } from "../../cache/snapshotCache.js";
import type { BinanceClient, CallOptions, Params } from "./client.js";
import { ENDPOINTS, type EndpointName } from "./endpoints.js";
import type {
  WireCoinInfo,
  WireCoinmAccount,
  WireCoinmPositionRisk,
  WireCrossMarginAccount,
  WireFundingAsset,
  WireIsolatedAccount,
  WireMarginHistory,
  WireOptionsAccount,
  WirePortfolioMarginAccount,
  WirePortfolioMarginBalance,
  WireSpotAccount,
  WireSubAccount,
  WireSubAccountAssets,
  WireSubAccountMargin,
  WireTickerPrice,
  WireUniversalHistory,
  WireUsdmAccount,
  WireUsdmPositionRisk,
  WireUsdmSymbolConfig,
} from "./wire.js";

/**
 * Every upstream read of a Binance connection, each through the snapshot cache under a key
 * that names the call and its parameters (never the signed query), so identical reads share
 * one call and a transfer's invalidation is seen by the next read.
 */
export interface BinanceReads {
  spotAccount(): Promise<WireSpotAccount>;
  fundingAssets(): Promise<WireFundingAsset[]>;
  crossMargin(): Promise<WireCrossMarginAccount>;
  /** null → every isolated pair (discovery); else at most 5 symbols. */
  isolatedMargin(symbols: readonly string[] | null): Promise<WireIsolatedAccount>;
  /** The discovery answer (every pair) if one is fresh or in flight; never calls. */
  warmIsolatedDiscovery(): Promise<WireIsolatedAccount> | undefined;
  usdmAccount(): Promise<WireUsdmAccount>;
  /** Liquidation prices of the open USDⓈ-M positions. */
  usdmPositionRisk(): Promise<WireUsdmPositionRisk[]>;
  /** Leverage per USDⓈ-M symbol. */
  usdmSymbolConfig(): Promise<WireUsdmSymbolConfig[]>;
  coinmAccount(): Promise<WireCoinmAccount>;
  /** Liquidation prices of the COIN-M positions. */
  coinmPositionRisk(): Promise<WireCoinmPositionRisk[]>;
  optionsAccount(): Promise<WireOptionsAccount>;
  portfolioBalance(): Promise<WirePortfolioMarginBalance[]>;
  portfolioAccount(): Promise<WirePortfolioMarginAccount>;
  /** Every sub-account of the master key, all pages. */
  subAccounts(): Promise<WireSubAccount[]>;
  subAccountAssets(email: string): Promise<WireSubAccountAssets>;
  subAccountMargin(email: string): Promise<WireSubAccountMargin>;
  /**
   * History pages are read straight from the exchange, not through the snapshot cache: each
   * belongs to one request (its AbortSignal and call budget), and a page shared with another
   * request would be dropped when the first asker leaves.
   */
  universalHistoryPage(type: string, startTime: number, endTime: number, current: number, size: number, options?: CallOptions): Promise<WireUniversalHistory>;
  marginHistoryPage(startTime: number, endTime: number, current: number, size: number, options?: CallOptions): Promise<WireMarginHistory>;
  /** Last price of every TRADING pair (public, one call; halted and delisted pairs left out), and when it arrived. */
  tickerPrices(): Promise<{ readonly tickers: WireTickerPrice[]; readonly receivedAt: number }>;
  /**
   * Every coin Binance lists, cached for `ttlMs` and kept when a transfer invalidates the
   * connection's balances (a transfer does not change what Binance lists).
   */
  coinList(ttlMs: number): Promise<WireCoinInfo[]>;
}

export const MAX_ISOLATED_SYMBOLS_PER_CALL = 5;
export const SUB_ACCOUNT_PAGE_SIZE = 200;

export function createBinanceReads(connectionId: string, client: BinanceClient, cache: SnapshotCache, now: () => number = Date.now): BinanceReads {
  function cacheKey(name: EndpointName, params: Params): string {
    const e = ENDPOINTS[name];
    const query = params.map(([k, v]) => `${k}=${v}`).join("&");
    return `${e.method} ${e.path}${query ? `?${query}` : ""}`;
  }

  function read<T>(name: EndpointName, params: Params = []): Promise<T> {
    return cache.get(connectionId, cacheKey(name, params), () => client.call<T>(name, params));
  }

  return {
    spotAccount: () => read("spotAccount"),
    fundingAssets: () => read("fundingAssets"),
    crossMargin: () => read("crossMargin"),
    isolatedMargin(symbols) {
      if (symbols && symbols.length > MAX_ISOLATED_SYMBOLS_PER_CALL) {
        throw new RangeError(`Binance takes at most ${MAX_ISOLATED_SYMBOLS_PER_CALL} isolated symbols a call`);
      }
      return read("isolatedMargin", symbols ? [["symbols", [...symbols].sort().join(",")]] : []);
    },
    warmIsolatedDiscovery: () => cache.peek<WireIsolatedAccount>(connectionId, cacheKey("isolatedMargin", [])),
    usdmAccount: () => read("usdmAccount"),
    usdmPositionRisk: () => read("usdmPositionRisk"),
    usdmSymbolConfig: () => read("usdmSymbolConfig"),
    coinmAccount: () => read("coinmAccount"),
    coinmPositionRisk: () => read("coinmPositionRisk"),
    optionsAccount: () => read("optionsAccount"),
    portfolioBalance: () => read("portfolioBalance"),
    portfolioAccount: () => read("portfolioAccount"),
    async subAccounts() {
      const all: WireSubAccount[] = [];
      for (let page = 1; ; page++) {
        const body = await read<{ subAccounts?: WireSubAccount[] }>("subAccountList", [
          ["page", String(page)],
          ["limit", String(SUB_ACCOUNT_PAGE_SIZE)],
        ]);
        const rows = body.subAccounts ?? [];
        all.push(...rows);
        if (rows.length < SUB_ACCOUNT_PAGE_SIZE) return all;
      }
    },
    subAccountAssets: (email) => read("subAccountAssets", [["email", email]]),
    subAccountMargin: (email) => read("subAccountMargin", [["email", email]]),
    universalHistoryPage: (type, startTime, endTime, current, size, options = {}) =>
      client.call(
        "universalHistory",
        [
          ["type", type],
          ["startTime", String(startTime)],
          ["endTime", String(endTime)],
          ["current", String(current)],
          ["size", String(size)],
        ],
        options,
      ),
    marginHistoryPage: (startTime, endTime, current, size, options = {}) =>
      client.call(
        "marginHistory",
        [
          ["startTime", String(startTime)],
          ["endTime", String(endTime)],
          ["current", String(current)],
          ["size", String(size)],
        ],
        options,
      ),
    coinList: (ttlMs) =>
      cache.get(connectionId, cacheKey("coinList", []), () => client.call<WireCoinInfo[]>("coinList", []), {
        ttlMs,
        keepOnInvalidate: true,
      }),
    tickerPrices() {
      const params: Params = [["symbolStatus", "TRADING"]];
      return cache.get(connectionId, cacheKey("tickerPrice", params), async () => ({
        tickers: await client.call<WireTickerPrice[]>("tickerPrice", params),
        receivedAt: now(),
      }));
    },
  };
}
