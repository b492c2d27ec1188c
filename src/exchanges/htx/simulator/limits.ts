import type { SimWindow } from "../../kit/simulator/simWindows.js";

/** A budget: at most `limit` calls in any `intervalMs`. */
export type HtxSimWindow = SimWindow;

/** The simulator's budgets, HTX's by default; tests may scale them. */
export interface HtxSimLimits {
  /** Each spot "NEW" endpoint (accounts, balance, ledger): 100 per 2 s. */
  readonly spotEndpoint: HtxSimWindow;
  /** POST /v2/account/transfer: 1 a second. */
  readonly transfer: HtxSimWindow;
  /** Contract private read interfaces: 72 per 3 s. */
  readonly contractRead: HtxSimWindow;
  /** Contract private trade interfaces: 72 per 3 s (none of the simulated endpoints). */
  readonly contractTrade: HtxSimWindow;
  /** GET /market/tickers (public): 4,500 per 5 minutes. */
  readonly marketTickers: HtxSimWindow;
  /** GET /v2/reference/currencies (public): HTX's public 10 a second. */
  readonly reference: HtxSimWindow;
}

export const HTX_SIM_DEFAULT_LIMITS: HtxSimLimits = {
  spotEndpoint: { limit: 100, intervalMs: 2000 },
  transfer: { limit: 1, intervalMs: 1000 },
  contractRead: { limit: 72, intervalMs: 3000 },
  contractTrade: { limit: 72, intervalMs: 3000 },
  marketTickers: { limit: 4500, intervalMs: 300_000 },
  reference: { limit: 10, intervalMs: 1000 },
};
