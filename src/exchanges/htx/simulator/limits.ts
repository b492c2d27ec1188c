/** A budget: at most `limit` calls in any `intervalMs`. */
export interface HtxSimWindow {
  readonly limit: number;
  readonly intervalMs: number;
}

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

export interface HtxSimCounted {
  readonly allowed: boolean;
  readonly limit: number;
  readonly intervalMs: number;
  readonly remaining: number;
  /** Epoch ms at which the oldest counted call leaves the window. */
  readonly resetAt: number;
}

/** Sliding-window counters per budget name; refused calls are not counted. */
export function createSimLimiter(): { count(name: string, window: HtxSimWindow, now: number): HtxSimCounted } {
  const windows = new Map<string, number[]>();
  return {
    count(name, window, now) {
      const times = (windows.get(name) ?? []).filter((t) => t > now - window.intervalMs);
      const allowed = times.length < window.limit;
      if (allowed) times.push(now);
      windows.set(name, times);
      return {
        allowed,
        limit: window.limit,
        intervalMs: window.intervalMs,
        remaining: Math.max(0, window.limit - times.length),
        resetAt: (times[0] ?? now) + window.intervalMs,
      };
    },
  };
}
