import { Dec } from "../../src/domain/decimal.js";
import type { BinanceSimState } from "../../src/exchanges/binance/simulator/server.js";
import type { HtxSimState } from "../../src/exchanges/htx/simulator/state.js";
import type { SimCall } from "../../src/exchanges/kit/simulator/simServer.js";

/**
 * The fewest upstream calls a dashboard of everything can make, derived from the simulators'
 * state. Shared by the read-side integration test and the benchmark (`npm run bench`), so both
 * hold Coffer to the same number.
 */

export type EndpointCounts = Record<string, number>;

/** "GET /path" → how many calls; account ids in HTX balance paths are folded to {id}. */
export function countByEndpoint(calls: readonly SimCall[]): EndpointCounts {
  const counts: EndpointCounts = {};
  for (const call of calls) {
    const key = `${call.method} ${call.path.replace(/\/accounts\/\d+\//, "/accounts/{id}/")}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export function totalCalls(counts: EndpointCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** The public ticker calls a dashboard with values adds: one per exchange, all pairs at once. */
export const TICKER_ENDPOINTS = { binance: "GET /api/v3/ticker/price", htx: "GET /market/tickers" } as const;

/** The server-time calls (clock offset, learned once per process), not part of a warm query. */
export const CLOCK_ENDPOINTS = { binance: "GET /api/v3/time", htx: "GET /v1/common/timestamp" } as const;

/**
 * The fewest calls a dashboard of everything can make, from the simulators' state: each
 * wallet endpoint once; USDⓈ-M position risk and symbol config (leverage) once each when the
 * account holds a position, COIN-M position risk once when it does (liquidation prices are in
 * no account answer); one isolated-margin call lists every pair with its balances; one
 * sub-account list page per 200 sub-accounts, then each sub-account's spot and margin once;
 * HTX: the account list, the spot balance, the two mode probes (asset mode and account type,
 * sent together), then the mode's own reads once each (cross and isolated; unified; or the V5
 * balance and positions). Plus what a process learns once and keeps: one server-time call
 * per connection (the clock offset) and HTX's account list (the spot account id never
 * changes); `warm: true` leaves those out (a query after the first, snapshots dropped).
 * `valued: true` is the dashboard with values: the same plus one public ticker call per exchange.
 */
export function minimumCalls(binance: BinanceSimState, htx: HtxSimState, options: { warm?: boolean; valued?: boolean } = {}): { binance: EndpointCounts; htx: EndpointCounts } {
  const subs = binance.subAccounts.length;
  const open = (positions: ReadonlyArray<{ positionAmt: string }> | undefined) => (positions ?? []).some((p) => !new Dec(p.positionAmt).isZero());
  const usdmOpen = open(binance.usdmPositions) ? 1 : 0;
  const coinmOpen = open(binance.coinmPositions) ? 1 : 0;
  const withClock = !(options.warm ?? false);
  const valued = options.valued ?? false;
  return {
    binance: {
      ...(withClock ? { [CLOCK_ENDPOINTS.binance]: 1 } : {}),
      ...(valued ? { [TICKER_ENDPOINTS.binance]: 1 } : {}),
      "GET /api/v3/account": 1,
      "POST /sapi/v1/asset/get-funding-asset": 1,
      "GET /sapi/v1/margin/account": 1,
      "GET /sapi/v1/margin/isolated/account": 1,
      "GET /fapi/v3/account": 1,
      ...(usdmOpen ? { "GET /fapi/v3/positionRisk": 1, "GET /fapi/v1/symbolConfig": 1 } : {}),
      "GET /dapi/v1/account": 1,
      ...(coinmOpen ? { "GET /dapi/v1/positionRisk": 1 } : {}),
      "GET /eapi/v1/marginAccount": 1,
      "GET /papi/v1/balance": 1,
      "GET /papi/v1/account": 1,
      "GET /sapi/v1/sub-account/list": Math.floor(subs / 200) + 1,
      "GET /sapi/v4/sub-account/assets": subs,
      "GET /sapi/v1/sub-account/margin/account": subs,
    },
    htx: {
      ...(withClock ? { [CLOCK_ENDPOINTS.htx]: 1 } : {}),
      ...(withClock ? { "GET /v1/account/accounts": 1 } : {}),
      ...(valued ? { [TICKER_ENDPOINTS.htx]: 1 } : {}),
      "GET /v1/account/accounts/{id}/balance": 1,
      "GET /v5/account/asset_mode": 1,
      "GET /linear-swap-api/v3/swap_unified_account_type": 1,
      ...(htx.v5
        ? { "GET /v5/account/balance": 1, "GET /v5/trade/position/opens": 1 }
        : htx.unified
          ? { "GET /linear-swap-api/v3/unified_account_info": 1 }
          : {
              "POST /linear-swap-api/v1/swap_cross_account_info": 1,
              ...(htx.isolated.length > 0 ? { "POST /linear-swap-api/v1/swap_account_info": 1 } : {}),
            }),
    },
  };
}

/**
 * The longest chain of dependent upstream calls in a dashboard with a known clock offset:
 * discovery (isolated pairs, sub-account list; HTX's account ids and account type), then the
 * wallets found; or a futures account, then its positions' risk. A cold process adds the server-time call in front: 3.
 */
export const LONGEST_CHAIN_WARM = 2;
export const LONGEST_CHAIN_COLD = 3;
