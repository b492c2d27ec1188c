import type { RateWindow } from "../kit/rateLimiter.js";

/**
 * HTX's rate budgets, one limiter each. Spot "NEW" endpoints are counted per endpoint (100 per
 * 2 s); /v2/account/transfer allows 1 a second; contract private calls get 144 per 3 s, counted
 * as 72 read + 72 trade. Every Coffer call to the contract host is a read. The public market
 * tickers have their own budget.
 */
export type HtxBudget = "spotAccounts" | "spotBalance" | "ledger" | "transfer" | "contractRead" | "contractTrade" | "marketTickers" | "reference";

export const HTX_DEFAULT_LIMITS: Readonly<Record<HtxBudget, RateWindow>> = {
  spotAccounts: { limit: 100, intervalMs: 2000 },
  spotBalance: { limit: 100, intervalMs: 2000 },
  ledger: { limit: 100, intervalMs: 2000 },
  transfer: { limit: 1, intervalMs: 1000 },
  contractRead: { limit: 72, intervalMs: 3000 },
  contractTrade: { limit: 72, intervalMs: 3000 },
  /** GET /market/tickers (public): HTX documents "4,500 / 5 minutes". */
  marketTickers: { limit: 4500, intervalMs: 300_000 },
  /** GET /v2/reference/currencies (public): no documented limit; HTX's public 10 a second per IP. Read once per hours anyway. */
  reference: { limit: 10, intervalMs: 1000 },
};

/**
 * Added to every window: requests leave us evenly spaced but reach HTX with network jitter,
 * so a window exactly as long as HTX's would now and then look one call too fast to HTX.
 */
export const DEFAULT_SAFETY_MARGIN_MS = 150;
